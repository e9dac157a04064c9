// Admission rules with a hand-moved clock: session caps, the failed-bind brake and its window.
#include <gtest/gtest.h>

#include "smpp/mc/admission.hpp"
#include "mc_app.hpp"

namespace smpp::mc {
namespace {

using namespace std::chrono_literals;
using clock_type = admission::clock;

const auto t0 = clock_type::time_point{} + 1h;

// Credentials that accept everyone, or refuse everyone, and count how often they were asked.
struct credentials {
    command_status answer = command_status::ok;
    int asked = 0;
    std::function<command_status()> check() {
        return [this] {
            ++asked;
            return answer;
        };
    }
};

bind_verdict try_bind(admission& a, admission::session_id s, std::string_view system_id, credentials& c,
                      clock_type::time_point now = t0, std::string_view address = "192.0.2.1") {
    return a.decide(s, system_id, address, now, c.check());
}

TEST(Admission, AdmitsUpToMaxSessionsThenRefusesWithBindFail) {
    admission a({.max_sessions = 2});
    credentials ok;
    EXPECT_EQ(try_bind(a, 1, "sid1", ok).status, command_status::ok);
    EXPECT_EQ(try_bind(a, 2, "sid2", ok).status, command_status::ok);
    const auto third = try_bind(a, 3, "sid3", ok);
    EXPECT_EQ(third.status, command_status::bind_failed);
    EXPECT_EQ(third.reason, "max_sessions");
    EXPECT_EQ(a.bound(), 2u);
}

TEST(Admission, AClosedSessionFreesItsPlace) {
    admission a({.max_sessions = 1});
    credentials ok;
    ASSERT_EQ(try_bind(a, 1, "sid1", ok).status, command_status::ok);
    ASSERT_EQ(try_bind(a, 2, "sid1", ok).status, command_status::bind_failed);
    a.release(2);  // the refused one never held a place
    EXPECT_EQ(a.bound(), 1u);
    a.release(1);
    EXPECT_EQ(try_bind(a, 3, "sid1", ok).status, command_status::ok);
    a.release(99);  // unknown: ignored
    EXPECT_EQ(a.bound(), 1u);
}

TEST(Admission, ZeroMeansNoCap) {
    admission a({.max_sessions = 0, .max_sessions_per_system_id = 0});
    credentials ok;
    for (admission::session_id s = 1; s <= 5000; ++s) ASSERT_EQ(try_bind(a, s, "sid", ok).status, command_status::ok);
    EXPECT_EQ(a.bound_as("sid"), 5000u);
}

TEST(Admission, CapsSessionsPerSystemIdSeparately) {
    admission a({.max_sessions = 10, .max_sessions_per_system_id = 2});
    credentials ok;
    EXPECT_EQ(try_bind(a, 1, "sid1", ok).status, command_status::ok);
    EXPECT_EQ(try_bind(a, 2, "sid1", ok).status, command_status::ok);
    const auto third = try_bind(a, 3, "sid1", ok);
    EXPECT_EQ(third.status, command_status::bind_failed);
    EXPECT_EQ(third.reason, "max_sessions_per_system_id");
    EXPECT_EQ(try_bind(a, 4, "sid2", ok).status, command_status::ok);
    a.release(1);
    EXPECT_EQ(a.bound_as("sid1"), 1u);
    EXPECT_EQ(try_bind(a, 5, "sid1", ok).status, command_status::ok);
}

TEST(Admission, CredentialsAreCheckedBeforeTheCapsAndTheirStatusIsKept) {
    admission a({.max_sessions = 1});
    credentials wrong{command_status::invalid_password};
    const auto v = try_bind(a, 1, "sid1", wrong);
    EXPECT_EQ(v.status, command_status::invalid_password);
    EXPECT_EQ(v.reason, "credentials");
    EXPECT_EQ(a.bound(), 0u);
}

TEST(Admission, BlocksAnAddressAfterMaxFailedBindsWithoutAskingForThePassword) {
    admission a({.max_failed_binds = 3, .failed_bind_window = 60s});
    credentials wrong{command_status::invalid_password};
    for (int i = 0; i < 3; ++i) EXPECT_EQ(try_bind(a, 1, "sid1", wrong, t0 + i * 1s).status, command_status::invalid_password);
    EXPECT_EQ(wrong.asked, 3);

    credentials right;
    const auto v = try_bind(a, 2, "sid1", right, t0 + 3s);
    EXPECT_EQ(v.status, command_status::bind_failed);
    EXPECT_EQ(v.reason, "peer_blocked");
    EXPECT_EQ(right.asked, 0);
    // Another address is not affected.
    EXPECT_EQ(try_bind(a, 3, "sid1", right, t0 + 3s, "192.0.2.2").status, command_status::ok);
}

TEST(Admission, TheBlockLastsWhileTheRefusedKeepTryingAndEndsAfterAQuietWindow) {
    admission a({.max_failed_binds = 2, .failed_bind_window = 10s});
    credentials wrong{command_status::invalid_system_id}, right;
    try_bind(a, 1, "x", wrong, t0);
    try_bind(a, 1, "x", wrong, t0 + 5s);
    EXPECT_EQ(try_bind(a, 2, "sid1", right, t0 + 9s).reason, "peer_blocked");
    // Refusals count: without the one at 9s, the failure at 5s would be alone in the window.
    EXPECT_EQ(try_bind(a, 2, "sid1", right, t0 + 14s).reason, "peer_blocked");
    EXPECT_EQ(try_bind(a, 2, "sid1", right, t0 + 16s).reason, "peer_blocked");
    EXPECT_EQ(right.asked, 0);
    // Quiet until only one refusal is left inside the window: admitted again.
    EXPECT_EQ(try_bind(a, 2, "sid1", right, t0 + 25s).status, command_status::ok);
    EXPECT_EQ(right.asked, 1);
}

TEST(Admission, FailuresSpreadWiderThanTheWindowNeverBlock) {
    admission a({.max_failed_binds = 2, .failed_bind_window = 10s});
    credentials wrong{command_status::invalid_password};
    for (int i = 0; i < 10; ++i) EXPECT_EQ(try_bind(a, 1, "sid1", wrong, t0 + i * 10s).reason, "credentials");
}

TEST(Admission, ZeroMaxFailedBindsNeverBlocks) {
    admission a({.max_failed_binds = 0});
    credentials wrong{command_status::invalid_password};
    for (int i = 0; i < 100; ++i) EXPECT_EQ(try_bind(a, 1, "sid1", wrong).reason, "credentials");
    EXPECT_EQ(a.tracked_peers(), 0u);
}

TEST(Admission, ForgetsPeersWhoseFailuresExpired) {
    admission a({.max_failed_binds = 5, .failed_bind_window = 1s});
    credentials wrong{command_status::invalid_password};
    // Many addresses failing once each, each a second after the last: old ones are swept.
    for (int i = 0; i < 5000; ++i)
        try_bind(a, 1, "sid1", wrong, t0 + i * 1s, "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
    EXPECT_LE(a.tracked_peers(), 1024u);
}

// Safe unless asked otherwise: loopback only, a cap on sessions, a brake on guessing.
TEST(Admission, McDefaultsListenOnLoopbackWithLimitsOn) {
    const mc_options o;
    EXPECT_EQ(o.host, "127.0.0.1");
    EXPECT_EQ(o.admission.max_sessions, 1000u);
    EXPECT_EQ(o.admission.max_sessions_per_system_id, 0u);
    EXPECT_EQ(o.admission.max_failed_binds, 10u);
    EXPECT_EQ(o.admission.failed_bind_window, 60s);
}

TEST(Admission, AddressOfDropsThePort) {
    EXPECT_EQ(address_of("192.0.2.1:5000"), "192.0.2.1");
    EXPECT_EQ(address_of("::1:5000"), "::1");
    EXPECT_EQ(address_of("no-port"), "no-port");
    EXPECT_EQ(address_of(""), "");
}

}  // namespace
}  // namespace smpp::mc

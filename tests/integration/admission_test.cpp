// The MC's admission limits end to end, through hand-driven ESMEs on raw sockets: session caps
// answer ESME_RBINDFAIL and free up when a session closes; an address that keeps failing to
// authenticate is refused without its password being checked; passwords never reach the log.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "harness.hpp"

namespace smpp::test {
namespace {

// The reasons the MC gave in its bind_failed events, in order.
std::vector<std::string> refusal_reasons(const event_log& log) {
    std::vector<std::string> out;
    for (const auto& e : log.snapshot())
        if (e.role == "mc" && e.event == "bind_failed") out.push_back(e.reason);
    return out;
}

std::unique_ptr<raw_esme> bound_esme(std::uint16_t port, const std::string& system_id,
                                     const std::string& password = {}) {
    auto esme = std::make_unique<raw_esme>(port);
    EXPECT_TRUE(esme->connected());
    EXPECT_EQ(esme->bind(command_id::bind_transceiver, system_id, password), command_status::ok);
    return esme;
}

// sid1/secret1 only; the third failed bind from an address blocks it.
mc_options one_account_three_failures() {
    mc_options o;
    o.credentials = {{"sid1", "secret1"}};
    o.allow_any_bind = false;
    o.admission.max_failed_binds = 3;
    return o;
}

TEST(McAdmission, BindBeyondMaxSessionsIsRefusedUntilASessionCloses) {
    event_log log;
    mc_options o;
    o.admission.max_sessions = 2;
    running_mc mc(o);
    const auto first = bound_esme(mc.port(), "sid1");
    const auto second = bound_esme(mc.port(), "sid2");

    raw_esme third(mc.port());
    EXPECT_EQ(third.bind(command_id::bind_transceiver, "sid3"), command_status::bind_failed);
    EXPECT_EQ(refusal_reasons(log), std::vector<std::string>{"max_sessions"});

    // The first unbinds; once the MC has closed it, its place is free again.
    first->send(make_header_only(command_id::unbind, first->next_sequence()));
    ASSERT_TRUE(first->receive().has_value());
    ASSERT_TRUE(log.wait_for("mc", "closed", 1));
    EXPECT_EQ(third.bind(command_id::bind_transceiver, "sid3"), command_status::ok);
}

TEST(McAdmission, BindBeyondMaxSessionsPerSystemIdIsRefusedForThatSystemIdOnly) {
    event_log log;
    mc_options o;
    o.admission.max_sessions_per_system_id = 1;
    running_mc mc(o);
    const auto first = bound_esme(mc.port(), "sid1");

    raw_esme again(mc.port());
    EXPECT_EQ(again.bind(command_id::bind_transceiver, "sid1"), command_status::bind_failed);
    EXPECT_EQ(refusal_reasons(log), std::vector<std::string>{"max_sessions_per_system_id"});
    const auto other = bound_esme(mc.port(), "sid2");
}

TEST(McAdmission, AddressWithTooManyFailedBindsIsRefusedEvenWithTheRightPassword) {
    event_log log;
    running_mc mc(one_account_three_failures());

    raw_esme guesser(mc.port());
    ASSERT_TRUE(guesser.connected());
    for (const char* guess : {"guess1", "guess2"})
        EXPECT_EQ(guesser.bind(command_id::bind_transceiver, "sid1", guess), command_status::invalid_password);
    EXPECT_EQ(guesser.bind(command_id::bind_transceiver, "nobody", "guess3"), command_status::invalid_system_id);

    // Same address, new connection, right password: refused all the same.
    raw_esme later(mc.port());
    EXPECT_EQ(later.bind(command_id::bind_transceiver, "sid1", "secret1"), command_status::bind_failed);
    EXPECT_EQ(refusal_reasons(log),
              (std::vector<std::string>{"credentials", "credentials", "credentials", "peer_blocked"}));

    for (const auto& e : log.snapshot())
        for (const char* secret : {"secret1", "guess1", "guess2", "guess3"})
            EXPECT_EQ(e.msg.find(secret), std::string::npos) << e.event << " logs a password: " << e.msg;
}

TEST(McAdmission, FailedBindsBelowTheLimitDoNotBlock) {
    event_log log;
    running_mc mc(one_account_three_failures());

    raw_esme esme(mc.port());
    EXPECT_EQ(esme.bind(command_id::bind_transceiver, "sid1", "wrong"), command_status::invalid_password);
    EXPECT_EQ(esme.bind(command_id::bind_transceiver, "sid1", "wrong"), command_status::invalid_password);
    EXPECT_EQ(esme.bind(command_id::bind_transceiver, "sid1", "secret1"), command_status::ok);
}

}  // namespace
}  // namespace smpp::test

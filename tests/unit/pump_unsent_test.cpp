// A submit that never left the ESME (the connection ended with it still queued) is not sent,
// never a timeout (issue #12: after the MC was killed one message per run was reported
// `timeout`).
#include <gtest/gtest.h>

#include "smpp/traffic/ledger.hpp"
#include "smpp/traffic/pump.hpp"

namespace smpp::traffic {
namespace {

using kind = pump_action::kind;
const std::chrono::steady_clock::time_point t0{};

struct lane_of_one {
    ledger book;
    std::optional<pump> engine;
    lane_of_one(std::size_t messages, std::size_t window) {
        book.add(messages, 1);
        engine.emplace(pump_config{.sessions = 1, .window = window}, book);
        engine->on_bound(1);
    }
    // Sends what the pump hands out, sequence numbers from 1.
    std::uint32_t send_all() {
        std::uint32_t seq = 0;
        for (auto a = engine->poll(1, t0); a.what == kind::send; a = engine->poll(1, t0)) engine->sent(1, a.part, ++seq, t0);
        return seq;
    }
};

TEST(PumpUnsent, AQueuedSubmitCutOffByTheCloseIsNotSent) {
    lane_of_one r(3, 3);
    ASSERT_EQ(r.send_all(), 3u);
    EXPECT_TRUE(r.engine->on_response(1, 1, command_status::ok, "a", t0));
    EXPECT_TRUE(r.engine->on_unsent(1, 3));  // the connection ended with #3 unwritten
    r.engine->on_closed(1, false);
    r.book.close_all();
    EXPECT_EQ(r.book.result(0), outcome::accepted);
    EXPECT_EQ(r.book.result(1), outcome::timed_out) << "#2 was written: the MC may have it";
    EXPECT_EQ(r.book.result(2), outcome::not_sent);
    const auto s = r.book.summarize();
    EXPECT_EQ(s.submitted, 2u);
    EXPECT_EQ(s.parts_submitted, 2u);
}

TEST(PumpUnsent, OnAReconnectItGoesOutFirst) {
    lane_of_one r(3, 2);
    r.send_all();
    EXPECT_TRUE(r.engine->on_unsent(1, 2));
    r.engine->on_closed(1, true);
    r.engine->on_bound(1);
    const auto a = r.engine->poll(1, t0);
    ASSERT_EQ(a.what, kind::send);
    EXPECT_EQ(a.part.message, 1u) << "the part that never left is sent again";
}

TEST(PumpUnsent, ASequenceNotInFlightIsNotOurs) {
    lane_of_one r(1, 1);
    r.send_all();
    EXPECT_FALSE(r.engine->on_unsent(1, 99));
    EXPECT_TRUE(r.engine->on_unsent(1, 1));
    EXPECT_FALSE(r.engine->on_unsent(1, 1));
}

}  // namespace
}  // namespace smpp::traffic

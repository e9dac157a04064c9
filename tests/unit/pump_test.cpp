// The traffic pump's policy in virtual time: no sockets, no clock, no sleeps. A test plays the
// driver: it polls, "sends" with made-up sequence numbers and answers as the MC would.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <vector>

#include "smpp/traffic/ledger.hpp"
#include "smpp/traffic/pump.hpp"

namespace smpp::traffic {


namespace {

using namespace std::chrono_literals;
using tp = std::chrono::steady_clock::time_point;
using kind = pump_action::kind;

const tp t0 = tp{} + 1000h;

// A pump over `messages` messages of `parts` parts each, and a stand-in for the sessions.
struct rig {
    explicit rig(pump_config cfg, std::size_t messages, std::uint16_t parts = 1)
        : book(make_book(messages, parts)), engine(cfg, *book) {}

    static std::unique_ptr<ledger> make_book(std::size_t messages, std::uint16_t parts) {
        auto b = std::make_unique<ledger>();
        b->add(messages, parts);
        return b;
    }

    struct sent_part {
        unsigned session;
        std::uint32_t sequence;
        part_ref part;
    };

    // Sends on `session` while the pump says send; returns the last non-send action.
    pump_action send_all(unsigned session) {
        for (;;) {
            const auto a = engine.poll(session, now);
            if (a.what != kind::send) return a;
            const auto seq = ++sequence;
            engine.sent(session, a.part, seq, now);
            wire.push_back({session, seq, a.part});
        }
    }
    // Answers the oldest request on the wire.
    sent_part answer_oldest(command_status status = command_status::ok) {
        const auto s = wire.front();
        wire.erase(wire.begin());
        EXPECT_TRUE(engine.on_response(s.session, s.sequence, status, "id", now));
        return s;
    }

    std::unique_ptr<ledger> book;
    pump engine;
    tp now = t0;
    std::uint32_t sequence = 0;
    std::vector<sent_part> wire;
};

TEST(Pump, SplitsMessagesRoundRobinOverTheSessions) {
    rig r({.sessions = 2, .window = 10}, 5);
    r.engine.on_bound(1);
    r.engine.on_bound(2);
    r.send_all(1);
    r.send_all(2);
    std::vector<std::uint32_t> one, two;
    for (const auto& s : r.wire) (s.session == 1 ? one : two).push_back(s.part.message);
    EXPECT_EQ(one, (std::vector<std::uint32_t>{0, 2, 4}));
    EXPECT_EQ(two, (std::vector<std::uint32_t>{1, 3}));
}

TEST(Pump, NeverHasMoreThanTheWindowInFlight) {
    rig r({.sessions = 1, .window = 3}, 10);
    r.engine.on_bound(1);
    const auto a = r.send_all(1);
    EXPECT_EQ(r.wire.size(), 3u);
    EXPECT_EQ(a.what, kind::wait);
    EXPECT_EQ(a.until, tp::max());  // only an answer frees the window
    r.answer_oldest();
    r.send_all(1);
    EXPECT_EQ(r.wire.size(), 3u);
    EXPECT_EQ(r.engine.in_flight(1), 3u);
}

TEST(Pump, PacesTheRateOverSimulatedSeconds) {
    rig r({.sessions = 2, .rate = 100, .window = 50}, 1000);
    r.engine.on_bound(1);
    r.engine.on_bound(2);
    std::size_t in_first_five_seconds = 0;
    while (!r.engine.all_done()) {
        const auto a1 = r.send_all(1);
        const auto a2 = r.send_all(2);
        for (const auto& s : r.wire) {
            (void)s;
            if (r.now < t0 + 5s) ++in_first_five_seconds;
        }
        while (!r.wire.empty()) r.answer_oldest();  // an MC that answers at once
        const auto next = std::min(a1.what == kind::wait ? a1.until : tp::max(),
                                   a2.what == kind::wait ? a2.until : tp::max());
        if (r.engine.all_done()) break;
        ASSERT_NE(next, tp::max()) << "stuck: nothing to wait for";
        r.now = std::max(r.now, next);
    }
    // 100/s shared by both sessions: 500 in five seconds, plus the pacer's 5 ms of slack.
    EXPECT_NEAR(static_cast<double>(in_first_five_seconds), 500, 2);
    EXPECT_NEAR(std::chrono::duration<double>(r.now - t0).count(), 10.0, 0.05);
    EXPECT_EQ(r.book->summarize().accepted, 1000u);
}

// A driver whose timers fire in the order they were armed: session 1's first, always.
TEST(Pump, PacedSlotsGoRoundTheSessions) {
    rig r({.sessions = 3, .rate = 10, .window = 10}, 9);
    for (unsigned n = 1; n <= 3; ++n) r.engine.on_bound(n);
    while (r.wire.size() < 9) {
        tp next = tp::max();
        for (unsigned n = 1; n <= 3; ++n) {
            const auto a = r.send_all(n);
            if (a.what == kind::wait) next = std::min(next, a.until);
        }
        if (r.wire.size() == 9) break;
        ASSERT_NE(next, tp::max()) << "stuck: nothing to wait for";
        r.now = std::max(r.now, next);
    }
    std::vector<unsigned> order;
    for (const auto& s : r.wire) order.push_back(s.session);
    EXPECT_EQ(order, (std::vector<unsigned>{1, 2, 3, 1, 2, 3, 1, 2, 3}));
    EXPECT_NEAR(std::chrono::duration<double>(r.now - t0).count(), 0.8, 0.01);  // still 10/s
}

TEST(Pump, APacedSlotIsNotKeptForASessionThatCannotSend) {
    rig r({.sessions = 2, .rate = 10, .window = 1}, 4);
    r.engine.on_bound(1);
    r.engine.on_bound(2);
    r.send_all(1);
    r.now += 100ms;
    r.send_all(2);
    r.now += 100ms;  // session 1's turn, but its one request is still unanswered
    ASSERT_TRUE(r.engine.on_response(2, r.wire.back().sequence, command_status::ok, "id", r.now));
    r.wire.pop_back();
    const auto a = r.send_all(2);
    EXPECT_EQ(r.wire.size(), 2u);
    EXPECT_EQ(r.wire.back().session, 2u);
    EXPECT_EQ(r.wire.back().part.message, 3u);
    EXPECT_EQ(a.until, tp::max());
}

TEST(Pump, ASessionThatLetsItsTurnPassLosesIt) {
    rig r({.sessions = 2, .rate = 10, .window = 5}, 6);
    r.engine.on_bound(1);
    r.engine.on_bound(2);
    r.send_all(1);
    r.now += 100ms;
    const auto early = r.send_all(1);  // session 2's turn: session 1 waits
    EXPECT_EQ(r.wire.size(), 1u);
    EXPECT_EQ(early.what, kind::wait);
    r.now = early.until;  // session 2 never polled during a whole interval
    r.send_all(1);
    EXPECT_EQ(r.wire.size(), 2u);
    EXPECT_EQ(r.wire.back().session, 1u);
}

TEST(Pump, BacksOffWhenThrottledAndRetriesThePart) {
    rig r({.sessions = 1, .window = 1}, 2);
    r.engine.on_bound(1);
    r.send_all(1);
    r.answer_oldest(command_status::throttled);
    auto a = r.engine.poll(1, r.now);
    ASSERT_EQ(a.what, kind::wait);
    EXPECT_EQ(a.until, t0 + 50ms);
    r.now = a.until;
    r.send_all(1);
    ASSERT_EQ(r.wire.size(), 1u);
    EXPECT_EQ(r.wire.front().part.message, 0u);  // the same message again
    r.answer_oldest(command_status::throttled);
    a = r.engine.poll(1, r.now);
    EXPECT_EQ(a.until, r.now + 100ms);  // doubled
    r.now = a.until;
    r.send_all(1);
    r.answer_oldest();
    r.send_all(1);
    ASSERT_EQ(r.wire.size(), 1u);  // accepted: no pause any more
    EXPECT_EQ(r.wire.front().part.message, 1u);
    r.answer_oldest();
    const auto s = r.book->summarize();
    EXPECT_EQ(s.accepted, 2u);
    EXPECT_EQ(s.retries, 2u);
    EXPECT_TRUE(r.engine.all_done());
}

TEST(Pump, BackOffIsCappedAtTheMaximum) {
    rig r({.sessions = 1, .window = 1, .max_backoff = 200ms}, 1);
    r.engine.on_bound(1);
    for (int i = 0; i < 6; ++i) {
        r.send_all(1);
        r.answer_oldest(command_status::throttled);
        const auto a = r.engine.poll(1, r.now);
        ASSERT_EQ(a.what, kind::wait);
        EXPECT_LE(a.until - r.now, 200ms);
        r.now = a.until;
    }
}

TEST(Pump, ParksTheBacklogOverAReconnect) {
    rig r({.sessions = 1, .window = 2}, 4);
    r.engine.on_bound(1);
    r.send_all(1);
    ASSERT_EQ(r.wire.size(), 2u);
    r.engine.on_closed(1, true);
    r.wire.clear();
    EXPECT_TRUE(r.engine.quiet());
    EXPECT_EQ(r.engine.poll(1, r.now).what, kind::idle);  // not bound: nothing goes out
    EXPECT_FALSE(r.engine.all_done());
    r.engine.on_bound(1);
    r.send_all(1);
    ASSERT_EQ(r.wire.size(), 2u);
    EXPECT_EQ(r.wire[0].part.message, 2u);  // the lost two are never sent again
    EXPECT_EQ(r.wire[1].part.message, 3u);
    r.answer_oldest();
    r.answer_oldest();
    EXPECT_TRUE(r.engine.all_done());
    const auto s = r.book->summarize();
    EXPECT_EQ(s.accepted, 2u);
    EXPECT_EQ(s.timed_out, 2u);
}

TEST(Pump, AClosedSessionWithoutResumeIsDoneAndItsBacklogIsNotSent) {
    rig r({.sessions = 2, .window = 1}, 4);
    r.engine.on_bound(1);
    r.engine.on_bound(2);
    r.send_all(1);
    r.send_all(2);
    r.engine.on_closed(2, false);
    EXPECT_FALSE(r.engine.all_done());
    EXPECT_TRUE(r.engine.on_response(1, r.wire[0].sequence, command_status::ok, "a", r.now));
    EXPECT_FALSE(r.engine.on_response(2, r.wire[1].sequence, command_status::ok, "b", r.now));  // gone
    r.wire.clear();
    r.send_all(1);
    r.answer_oldest();
    EXPECT_TRUE(r.engine.all_done());
    r.book->close_all();
    const auto s = r.book->summarize();
    EXPECT_EQ(s.accepted, 2u);
    EXPECT_EQ(s.timed_out, 1u);
    EXPECT_EQ(s.not_sent, 1u);
}

TEST(Pump, StopSendingLetsTheInFlightSettleAndSendsNothingNew) {
    rig r({.sessions = 1, .window = 3}, 10);
    r.engine.on_bound(1);
    r.send_all(1);
    r.engine.stop_sending();
    EXPECT_EQ(r.engine.poll(1, r.now).what, kind::idle);
    EXPECT_FALSE(r.engine.quiet());
    r.answer_oldest();
    r.answer_oldest();
    EXPECT_FALSE(r.engine.quiet());
    r.answer_oldest();
    EXPECT_TRUE(r.engine.quiet());
    EXPECT_EQ(r.engine.poll(1, r.now).what, kind::idle);
    EXPECT_EQ(r.book->summarize().accepted, 3u);
}

TEST(Pump, AllDoneOnlyOnceEveryPartOfEveryMessageIsAnswered) {
    rig r({.sessions = 1, .window = 10}, 2, 3);
    r.engine.on_bound(1);
    r.send_all(1);
    ASSERT_EQ(r.wire.size(), 6u);
    EXPECT_EQ(r.wire[1].part, (part_ref{0, 1}));  // parts of a message go out together
    EXPECT_EQ(r.wire[3].part, (part_ref{1, 0}));
    for (int i = 0; i < 5; ++i) r.answer_oldest();
    EXPECT_FALSE(r.engine.all_done());
    EXPECT_EQ(r.engine.poll(1, r.now).what, kind::wait);
    r.answer_oldest();
    EXPECT_EQ(r.engine.poll(1, r.now).what, kind::idle);
    EXPECT_TRUE(r.engine.all_done());
}

TEST(Pump, ARejectedPartFailsItsMessageAndItsOtherPartsAreSkipped) {
    rig r({.sessions = 1, .window = 1}, 2, 3);
    r.engine.on_bound(1);
    r.send_all(1);
    r.answer_oldest(command_status::invalid_dest_addr);
    r.send_all(1);
    ASSERT_EQ(r.wire.size(), 1u);
    EXPECT_EQ(r.wire.front().part, (part_ref{1, 0}));
}

TEST(Pump, DeferredPartGoesFirstAndRefusedPartRejectsTheMessage) {
    rig r({.sessions = 1, .window = 5}, 3);
    r.engine.on_bound(1);
    auto a = r.engine.poll(1, r.now);
    ASSERT_EQ(a.what, kind::send);
    r.engine.deferred(1, a.part);
    EXPECT_EQ(r.engine.poll(1, r.now).part, a.part);
    r.engine.refused(1, a.part, command_status::invalid_msg_length);
    EXPECT_EQ(r.book->result(0), outcome::rejected);
    a = r.engine.poll(1, r.now);
    EXPECT_EQ(a.part.message, 1u);
}

TEST(Pump, ResponseTimeoutsSettleAndAreNotRetried) {
    rig r({.sessions = 1, .window = 2}, 2);
    r.engine.on_bound(1);
    r.send_all(1);
    EXPECT_TRUE(r.engine.on_timeout(1, r.wire[0].sequence));
    EXPECT_FALSE(r.engine.on_timeout(1, r.wire[0].sequence));
    EXPECT_TRUE(r.engine.on_timeout(1, r.wire[1].sequence));
    EXPECT_TRUE(r.engine.all_done());
    EXPECT_EQ(r.book->summarize().timed_out, 2u);
}

TEST(Pump, WithoutMessagesEverySessionSettlesOnceBound) {
    rig r({.sessions = 2}, 0);
    r.engine.on_bound(1);
    EXPECT_EQ(r.engine.poll(1, r.now).what, kind::idle);
    EXPECT_FALSE(r.engine.all_done());
    r.engine.on_closed(2, false);
    EXPECT_TRUE(r.engine.all_done());
}

TEST(FlightTable, FindsEverySequenceAgainstAMapUnderCollisionsAndWrap) {
    constexpr std::size_t window = 16;
    flight_table t(window);
    std::map<std::uint32_t, part_ref> model;
    std::mt19937 rng(7);
    std::uint32_t next = 0x7FFFFFFF - 500;  // crosses the wrap back to 1
    for (int step = 0; step < 20000; ++step) {
        if (model.size() < window && (model.empty() || rng() % 2)) {
            // Sometimes skip many numbers: an old request still waits while others cycle.
            next += 1 + (rng() % 8 == 0 ? static_cast<std::uint32_t>(rng() % 64) : 0);
            if (next > 0x7FFFFFFF) next -= 0x7FFFFFFF;
            if (model.count(next)) continue;
            const part_ref p{static_cast<std::uint32_t>(step), 0};
            t.add(next, p, t0);
            model[next] = p;
        } else {
            auto it = model.begin();
            std::advance(it, rng() % model.size());
            const auto e = t.take(it->first);
            ASSERT_TRUE(e) << it->first;
            EXPECT_EQ(e->part, it->second);
            EXPECT_FALSE(t.take(it->first));
            model.erase(it);
        }
        ASSERT_EQ(t.size(), model.size());
    }
}

}  // namespace
}  // namespace smpp::traffic

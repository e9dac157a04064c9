// The ESME traffic engine's bookkeeping, without sockets: the pacer on a made-up clock, and the
// ledger through every path a message can take to its one outcome.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "smpp/traffic/ledger.hpp"
#include "smpp/traffic/pacer.hpp"

namespace smpp::traffic {

void PrintTo(outcome o, std::ostream* os) { *os << name_of(o); }

namespace {

using namespace std::chrono_literals;
using tp = std::chrono::steady_clock::time_point;

// Far from the clock's epoch, as a real steady_clock reading is.
const tp t0 = tp{} + 1000h;

// ---- pacer -----------------------------------------------------------------------------------

// Sends as many as the pacer lets through at `now` without waiting; returns how many.
int burst_at(pacer& p, tp now, int limit = 100000) {
    int n = 0;
    while (n < limit && p.next(now) <= now) {
        p.consume(now);
        ++n;
    }
    return n;
}

TEST(Pacer, RateZeroNeverWaits) {
    pacer p(0);
    for (int i = 0; i < 10000; ++i) {
        ASSERT_EQ(p.next(t0), t0);
        p.consume(t0);
    }
}

TEST(Pacer, ThousandPerSecondSpacesSendsOneMillisecondApartAfterTheSlack) {
    pacer p(1000);  // 1 ms interval, 5 ms slack
    // From cold: the slack lets 1 + 5 ms / 1 ms go at once, and no more.
    EXPECT_EQ(burst_at(p, t0), 6);
    EXPECT_EQ(p.next(t0), t0 + 1ms);
    // Sending whenever allowed: exactly one every millisecond from there on.
    tp now = t0;
    std::vector<tp> sent;
    for (int i = 0; i < 1000; ++i) {
        now = std::max(now, p.next(now));
        p.consume(now);
        sent.push_back(now);
    }
    for (std::size_t i = 1; i < sent.size(); ++i) ASSERT_EQ(sent[i] - sent[i - 1], 1ms) << "send " << i;
    EXPECT_EQ(sent.front(), t0 + 1ms);
    EXPECT_EQ(sent.back(), t0 + 1000ms);
}

TEST(Pacer, LongRunAveragesTheRateAndNeverExceedsItPlusTheSlack) {
    pacer p(1000);
    tp now = t0;
    std::vector<tp> sent;
    // Callers that wake late (every 3 ms) still get their sends, without going over the rate.
    while (sent.size() < 3000) {
        while (p.next(now) <= now) {
            p.consume(now);
            sent.push_back(now);
        }
        now += 3ms;
    }
    const auto span = sent.back() - sent.front();
    EXPECT_GE(span, 2990ms);
    EXPECT_LE(span, 3005ms);
    // No 10 ms window holds more than 10 + 5 (the slack) sends.
    for (std::size_t i = 0; i < sent.size(); ++i) {
        const auto end = std::upper_bound(sent.begin(), sent.end(), sent[i] + 10ms - 1ns);
        ASSERT_LE(end - (sent.begin() + static_cast<std::ptrdiff_t>(i)), 16) << "window at send " << i;
    }
}

TEST(Pacer, AfterIdleDoesNotBurstBeyondTheSlack) {
    pacer p(1000);
    burst_at(p, t0);
    // A long silence must not bank credit: ten seconds idle still allows only the slack's worth.
    const tp later = t0 + 10s;
    EXPECT_EQ(burst_at(p, later), 6);
    EXPECT_EQ(p.next(later), later + 1ms);
}

TEST(Pacer, ZeroSlackAllowsOneAtATime) {
    pacer p(100, 0ms);
    EXPECT_EQ(burst_at(p, t0), 1);
    EXPECT_EQ(p.next(t0), t0 + 10ms);
    EXPECT_EQ(burst_at(p, t0 + 10ms), 1);
    EXPECT_EQ(burst_at(p, t0 + 1s), 1);
}

// ---- ledger: one outcome per message ---------------------------------------------------------

constexpr auto rtt = 2ms;

TEST(Ledger, AddReturnsFirstIndexAndRegistersParts) {
    ledger book;
    EXPECT_EQ(book.add(3, 1), 0u);
    EXPECT_EQ(book.add(2, 4), 3u);
    EXPECT_EQ(book.size(), 5u);
    EXPECT_EQ(book.parts_of(2), 1);
    EXPECT_EQ(book.parts_of(4), 4);
    for (std::size_t m = 0; m < book.size(); ++m) {
        EXPECT_FALSE(book.done(m));
        EXPECT_EQ(book.result(m), outcome::pending);
    }
    EXPECT_FALSE(book.all_done());
}

TEST(Ledger, EmptyLedgerIsAllDoneAndSummarizesToZero) {
    ledger book;
    EXPECT_TRUE(book.all_done());
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 0u);
    EXPECT_EQ(s.accepted + s.rejected + s.timed_out + s.not_sent, 0u);
    EXPECT_EQ(s.seconds, 0);
    EXPECT_EQ(s.p50, 0us);
    EXPECT_EQ(s.max, 0us);
}

TEST(Ledger, SinglePartAccepted) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    EXPECT_FALSE(book.done(0));
    book.part_accepted(0, 0, "id-1", rtt, t0 + rtt);
    EXPECT_TRUE(book.done(0));
    EXPECT_TRUE(book.all_done());
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.message_id(0), "id-1");
    EXPECT_EQ(book.status(0), command_status::ok);
}

TEST(Ledger, SinglePartRejectedKeepsTheStatus) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    book.part_rejected(0, command_status::invalid_dest_addr, rtt, t0 + rtt);
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::invalid_dest_addr);
    EXPECT_TRUE(book.message_id(0).empty());
}

TEST(Ledger, SinglePartTimedOut) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    book.part_timed_out(0);
    EXPECT_EQ(book.result(0), outcome::timed_out);
    // A response that turns up after the message was settled changes nothing.
    book.part_accepted(0, 0, "late", rtt, t0 + 10s);
    EXPECT_EQ(book.result(0), outcome::timed_out);
    EXPECT_EQ(book.summarize().accepted, 0u);
}

TEST(Ledger, AllPartsAcceptedIsAcceptedWithTheFirstPartsMessageId) {
    ledger book;
    book.add(1, 3);
    for (std::uint16_t part = 0; part < 3; ++part) book.part_sent(0, part, t0);
    // Answers out of order: the message id is still the one of part 0.
    book.part_accepted(0, 2, "id-c", rtt, t0 + rtt);
    EXPECT_FALSE(book.done(0));
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    EXPECT_FALSE(book.done(0));
    book.part_accepted(0, 1, "id-b", rtt, t0 + rtt);
    EXPECT_TRUE(book.done(0));
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.message_id(0), "id-a");
}

TEST(Ledger, OneRejectedPartRejectsTheMessage) {
    ledger book;
    book.add(1, 3);
    book.part_sent(0, 0, t0);
    book.part_sent(0, 1, t0);
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    book.part_rejected(0, command_status::invalid_dest_addr, rtt, t0 + rtt);
    // Settled at once: nothing can make it accepted any more, so the traffic engine skips the
    // parts it has not sent yet (it asks done()).
    EXPECT_TRUE(book.done(0));
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::invalid_dest_addr);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::rejected);
    const auto s = book.summarize();
    EXPECT_EQ(s.rejected, 1u);
    EXPECT_EQ(s.not_sent, 0u);
}

TEST(Ledger, RejectionBeatsAnEarlierTimeoutAndKeepsTheFirstStatus) {
    ledger book;
    book.add(1, 3);
    for (std::uint16_t part = 0; part < 3; ++part) book.part_sent(0, part, t0);
    book.part_timed_out(0);
    book.part_rejected(0, command_status::throttled, rtt, t0 + rtt);
    book.part_rejected(0, command_status::system_error, rtt, t0 + rtt);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::throttled);
}

TEST(Ledger, TimeoutBeatsNotSent) {
    ledger book;
    book.add(2, 3);
    // Message 0: one part answered, one on the wire when the run ended, one never sent.
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    book.part_sent(0, 1, t0);
    // Message 1: one part timed out, the rest never sent.
    book.part_sent(1, 0, t0);
    book.part_timed_out(1);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::timed_out);
    EXPECT_EQ(book.result(1), outcome::timed_out);
}

TEST(Ledger, PartlySentAndAllAnsweredIsNotSent) {
    ledger book;
    book.add(1, 2);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    book.close_all();
    // Half a concatenated message was delivered; the message as a whole was not sent.
    EXPECT_EQ(book.result(0), outcome::not_sent);
}

TEST(Ledger, RefusedIsRejectedWithTheRefusalStatus) {
    ledger book;
    book.add(3, 2);
    book.refused(0, command_status::invalid_msg_length);
    EXPECT_TRUE(book.done(0));
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::invalid_msg_length);
    // Refused after a part went out: still rejected, and counted once.
    book.part_sent(1, 0, t0);
    book.refused(1, command_status::invalid_source_addr);
    EXPECT_EQ(book.result(1), outcome::rejected);
    EXPECT_EQ(book.status(1), command_status::invalid_source_addr);
    // Refusing a settled message changes nothing.
    book.part_sent(2, 0, t0);
    book.part_sent(2, 1, t0);
    book.part_accepted(2, 0, "id-a", rtt, t0 + rtt);
    book.part_accepted(2, 1, "id-b", rtt, t0 + rtt);
    book.refused(2, command_status::system_error);
    book.refused(0, command_status::system_error);
    EXPECT_EQ(book.result(2), outcome::accepted);
    EXPECT_EQ(book.status(0), command_status::invalid_msg_length);
    EXPECT_TRUE(book.all_done());
    const auto s = book.summarize();
    EXPECT_EQ(s.rejected, 2u);
    EXPECT_EQ(s.accepted, 1u);
    EXPECT_EQ(s.rejected_by_status.at(command_status::invalid_msg_length), 1u);
    EXPECT_EQ(s.rejected_by_status.at(command_status::invalid_source_addr), 1u);
    EXPECT_EQ(s.rejected_by_status.count(command_status::system_error), 0u);
}

TEST(Ledger, RetriedPartIsNotOnTheWireUntilSentAgain) {
    ledger book;
    book.add(2, 1);
    // Message 0: throttled twice, then accepted.
    book.part_sent(0, 0, t0);
    book.part_retried(0);
    book.part_sent(0, 0, t0 + 50ms);
    book.part_retried(0);
    book.part_sent(0, 0, t0 + 150ms);
    book.part_accepted(0, 0, "id-a", rtt, t0 + 152ms);
    // Message 1: throttled and never sent again before the run ended.
    book.part_sent(1, 0, t0);
    book.part_retried(1);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.result(1), outcome::not_sent);  // not timeout: nothing of it was left on the wire
    const auto s = book.summarize();
    EXPECT_EQ(s.retries, 3u);
    EXPECT_EQ(s.parts_submitted, 4u);
    EXPECT_EQ(s.submitted, 1u);
}

TEST(Ledger, CloseAllTimesOutTheUnansweredAndMarksTheUnsentNotSent) {
    ledger book;
    book.add(5, 1);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-0", rtt, t0 + rtt);
    book.part_sent(1, 0, t0);
    book.part_rejected(1, command_status::system_error, rtt, t0 + rtt);
    book.part_sent(2, 0, t0);  // unanswered
    book.part_sent(3, 0, t0);  // unanswered
    // 4 never sent
    EXPECT_FALSE(book.all_done());
    book.close_all();
    EXPECT_TRUE(book.all_done());
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.result(1), outcome::rejected);
    EXPECT_EQ(book.result(2), outcome::timed_out);
    EXPECT_EQ(book.result(3), outcome::timed_out);
    EXPECT_EQ(book.result(4), outcome::not_sent);
    // Closing twice is harmless.
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 5u);
    EXPECT_EQ(s.accepted, 1u);
    EXPECT_EQ(s.rejected, 1u);
    EXPECT_EQ(s.timed_out, 2u);
    EXPECT_EQ(s.not_sent, 1u);
    EXPECT_EQ(s.submitted, 4u);
}

TEST(Ledger, SummaryCountsByStatusReceiptsAndThroughput) {
    ledger book;
    book.add(10, 1);
    // 0..5 accepted, 6..7 invalid_dest_addr, 8 throttled-then-rejected with system_error, 9 unsent.
    for (std::size_t m = 0; m < 9; ++m) book.part_sent(m, 0, t0);
    for (std::size_t m = 0; m < 6; ++m) book.part_accepted(m, 0, "id-" + std::to_string(m), rtt, t0 + 1s);
    book.part_rejected(6, command_status::invalid_dest_addr, rtt, t0 + 1s);
    book.part_rejected(7, command_status::invalid_dest_addr, rtt, t0 + 1s);
    book.part_retried(8);
    book.part_sent(8, 0, t0 + 1s);
    book.part_rejected(8, command_status::system_error, rtt, t0 + 2s);
    book.receipt_received();
    book.receipt_received();
    book.close_all();

    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 10u);
    EXPECT_EQ(s.submitted, 9u);
    EXPECT_EQ(s.parts_submitted, 10u);
    EXPECT_EQ(s.accepted, 6u);
    EXPECT_EQ(s.rejected, 3u);
    EXPECT_EQ(s.timed_out, 0u);
    EXPECT_EQ(s.not_sent, 1u);
    EXPECT_EQ(s.retries, 1u);
    EXPECT_EQ(s.receipts, 2u);
    EXPECT_EQ(s.messages, s.accepted + s.rejected + s.timed_out + s.not_sent);
    const std::map<command_status, std::uint64_t> by_status{{command_status::invalid_dest_addr, 2},
                                                              {command_status::system_error, 1}};
    EXPECT_EQ(s.rejected_by_status, by_status);
    // First submit at t0, last answer at t0 + 2 s; 9 messages answered.
    EXPECT_DOUBLE_EQ(s.seconds, 2.0);
    EXPECT_DOUBLE_EQ(s.messages_per_second, 4.5);

    const auto text = s.to_text();
    EXPECT_NE(text.find("messages 10 = accepted 6 + rejected 3 + timed out 0 + not sent 1"), std::string::npos) << text;
    EXPECT_NE(text.find("ESME_RINVDSTADR (0x0000000B): 2"), std::string::npos) << text;
    EXPECT_NE(text.find("ESME_RSYSERR (0x00000008): 1"), std::string::npos) << text;
}

TEST(Ledger, PercentilesOfKnownLatencies) {
    ledger book;
    book.add(100, 1);
    // Latencies 1..100 ms, answered in a scrambled order.
    std::vector<int> ms(100);
    std::iota(ms.begin(), ms.end(), 1);
    std::shuffle(ms.begin(), ms.end(), std::mt19937(7));
    for (std::size_t m = 0; m < 100; ++m) {
        book.part_sent(m, 0, t0);
        const auto latency = std::chrono::milliseconds(ms[m]);
        if (m % 10 == 0)
            book.part_rejected(m, command_status::system_error, latency, t0 + latency);  // rejections count too
        else
            book.part_accepted(m, 0, "id", latency, t0 + latency);
    }
    const auto s = book.summarize();
    EXPECT_EQ(s.p50, 50ms);
    EXPECT_EQ(s.p90, 90ms);
    EXPECT_EQ(s.p99, 99ms);
    EXPECT_EQ(s.max, 100ms);
}

TEST(Ledger, SingleLatencyIsEveryPercentile) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "x", 1234us, t0 + 1234us);
    const auto s = book.summarize();
    EXPECT_EQ(s.p50, 1234us);
    EXPECT_EQ(s.p99, 1234us);
    EXPECT_EQ(s.max, 1234us);
}

// ---- property: whatever happens, each message ends in exactly one outcome ------------------

TEST(Ledger, RandomOperationsAlwaysSettleEveryMessageOnce) {
    constexpr std::size_t messages = 1000;
    std::mt19937 rng(20240611);
    ledger book;
    // What the test did to each message, to check the outcome against afterwards.
    struct record {
        std::uint16_t parts = 1;
        std::uint16_t next_part = 0;           // next never-sent part
        std::vector<std::uint16_t> on_wire;    // sent, unanswered
        std::vector<std::uint16_t> to_resend;  // throttled, waiting
        int accepted = 0, rejected = 0, timed_out = 0;
        bool refused = false;
        bool settled_before_close = false;
        outcome settled_as = outcome::pending;
        std::string first_part_id;
    };
    std::vector<record> model(messages);
    for (std::size_t m = 0; m < messages; ++m) {
        const auto parts = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(1, 4)(rng));
        EXPECT_EQ(book.add(1, parts), m);
        model[m].parts = parts;
    }
    auto pick = [&](auto& v) {
        const auto at = std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng);
        const auto part = v[at];
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(at));
        return part;
    };
    tp now = t0;
    for (int step = 0; step < 12000; ++step) {
        now += 100us;
        const auto m = std::uniform_int_distribution<std::size_t>(0, messages - 1)(rng);
        auto& r = model[m];
        const int op = std::uniform_int_distribution<int>(0, 99)(rng);
        // The engine never sends a part of a settled message; answers to parts already on the
        // wire may still arrive after the message was settled.
        if (op < 45) {
            if (book.done(m)) continue;
            if (!r.to_resend.empty()) {
                const auto part = pick(r.to_resend);
                book.part_sent(m, part, now);
                r.on_wire.push_back(part);
            } else if (r.next_part < r.parts) {
                book.part_sent(m, r.next_part, now);
                r.on_wire.push_back(r.next_part++);
            }
        } else if (op < 98) {
            if (r.on_wire.empty()) continue;
            const auto part = pick(r.on_wire);
            if (op < 80) {
                const auto id = "m" + std::to_string(m) + "p" + std::to_string(part);
                if (part == 0 && !book.done(m)) r.first_part_id = id;
                book.part_accepted(m, part, id, 1ms, now);
                ++r.accepted;
            } else if (op < 88) {
                const bool was_pending = !book.done(m);
                book.part_rejected(m, command_status::invalid_dest_addr, 1ms, now);
                ++r.rejected;
                // Settled at once, whatever its other parts are doing.
                if (was_pending) {
                    EXPECT_TRUE(book.done(m));
                }
            } else if (op < 93) {
                book.part_timed_out(m);
                ++r.timed_out;
            } else {
                // Throttled: off the wire until sent again (never, once the message is settled).
                book.part_retried(m);
                r.to_resend.push_back(part);
            }
        } else {
            book.refused(m, command_status::invalid_msg_length);
            if (!r.settled_before_close) r.refused = true;
        }
        if (!r.settled_before_close && book.done(m)) {
            r.settled_before_close = true;
            r.settled_as = book.result(m);
        }
    }
    // Some of everything happened, or the test proves little.
    std::size_t settled_early = 0;
    for (const auto& r : model) settled_early += r.settled_before_close;
    ASSERT_GT(settled_early, 200u);
    ASSERT_LT(settled_early, 900u);

    book.close_all();
    ASSERT_TRUE(book.all_done());
    const auto s = book.summarize();
    EXPECT_EQ(s.messages, messages);
    EXPECT_EQ(s.messages, s.accepted + s.rejected + s.timed_out + s.not_sent);
    EXPECT_GT(s.accepted, 0u);
    EXPECT_GT(s.rejected, 0u);
    EXPECT_GT(s.timed_out, 0u);
    EXPECT_GT(s.not_sent, 0u);

    std::map<outcome, std::uint64_t> counted;
    for (std::size_t m = 0; m < messages; ++m) {
        const auto& r = model[m];
        const auto result = book.result(m);
        SCOPED_TRACE("message " + std::to_string(m));
        ASSERT_NE(result, outcome::pending);
        ++counted[result];
        // A message settled during the run keeps that outcome.
        if (r.settled_before_close) {
            EXPECT_EQ(result, r.settled_as);
        }
        // Its outcome follows from what happened to its parts.
        if (r.refused || r.rejected > 0) {
            EXPECT_EQ(result, outcome::rejected);
        } else if (result == outcome::accepted) {
            EXPECT_EQ(r.accepted, r.parts);
            EXPECT_EQ(book.message_id(m), r.first_part_id);
        } else if (r.timed_out > 0 || !r.on_wire.empty()) {
            EXPECT_EQ(result, outcome::timed_out);
        } else {
            EXPECT_EQ(result, outcome::not_sent);
            EXPECT_LT(r.accepted, r.parts);
        }
        if (r.accepted == r.parts && !r.refused) {
            EXPECT_EQ(result, outcome::accepted);
        }
    }
    EXPECT_EQ(counted[outcome::accepted], s.accepted);
    EXPECT_EQ(counted[outcome::rejected], s.rejected);
    EXPECT_EQ(counted[outcome::timed_out], s.timed_out);
    EXPECT_EQ(counted[outcome::not_sent], s.not_sent);

    // Nothing that turns up afterwards changes the books.
    for (std::size_t m = 0; m < messages; ++m) {
        book.part_accepted(m, 0, "late", 1ms, now);
        book.refused(m, command_status::system_error);
    }
    const auto again = book.summarize();
    EXPECT_EQ(again.accepted, s.accepted);
    EXPECT_EQ(again.rejected, s.rejected);
    EXPECT_EQ(again.timed_out, s.timed_out);
    EXPECT_EQ(again.not_sent, s.not_sent);
    EXPECT_TRUE(book.all_done());
}

}  // namespace
}  // namespace smpp::traffic

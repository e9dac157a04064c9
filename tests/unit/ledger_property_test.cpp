// Whatever happens, each message ends in exactly one outcome: a seeded random run.
#include "ledger_support.hpp"

namespace smpp::traffic {
namespace {

using namespace ledger_test;

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

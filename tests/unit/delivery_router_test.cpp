// The router's answers in virtual time: deliver_sm (MO and receipts) acknowledged, retried
// after a doubling back-off on a temporary error, dropped on a permanent one, unanswered when
// their session closes; MO queued per system_id within its own bound.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "smpp/mc/receipt_router.hpp"

namespace {

using namespace smpp;
using namespace std::chrono_literals;
using router = mc::receipt_router;
using texts = std::vector<std::string>;
const std::chrono::steady_clock::time_point t0{};

sm_body text(std::string s) {
    sm_body b;
    b.short_message = std::move(s);
    return b;
}

// Sessions with a window of `window` and sequence numbers of their own: what was sent, by
// sequence, so that tests answer exactly the deliver_sm they mean.
struct sessions {
    std::size_t window = 10;
    std::map<std::uint64_t, std::vector<std::pair<std::uint32_t, std::string>>> sent;
    std::map<std::uint64_t, std::size_t> open;
    std::uint32_t sequence = 0;

    router::sender sender() {
        return [this](std::uint64_t id, const sm_body& b) -> router::send_attempt {
            if (open[id] >= window) return router::send_result::window_full;
            ++open[id];
            sent[id].emplace_back(++sequence, b.short_message);
            return {router::send_result::sent, sequence};
        };
    }
    texts of(std::uint64_t id) const {
        texts out;
        if (sent.contains(id))
            for (const auto& [_, t] : sent.at(id)) out.push_back(t);
        return out;
    }
    std::uint32_t last(std::uint64_t id) const { return sent.at(id).back().first; }
    void answer(router& r, std::uint64_t id, std::uint32_t seq, command_status s, std::chrono::steady_clock::time_point now,
                mc::answer_verdict expected) {
        --open[id];
        EXPECT_EQ(r.answered(id, seq, s, now), expected) << "seq " << seq;
    }
};

TEST(RetryPolicy, BackOffDoublesUpToTheLongest) {
    const mc::retry_policy p{.first = 100ms, .longest = 500ms, .retries = 9};
    EXPECT_EQ(p.backoff(1), 100ms);
    EXPECT_EQ(p.backoff(2), 200ms);
    EXPECT_EQ(p.backoff(3), 400ms);
    EXPECT_EQ(p.backoff(4), 500ms);
    EXPECT_EQ(p.backoff(60), 500ms);  // no overflow however many
}

TEST(RetryPolicy, TemporaryErrorsAreTheThreeThatAskForLater) {
    EXPECT_TRUE(mc::is_temporary(command_status::x_temp_app_error));
    EXPECT_TRUE(mc::is_temporary(command_status::message_queue_full));
    EXPECT_TRUE(mc::is_temporary(command_status::throttled));
    EXPECT_FALSE(mc::is_temporary(command_status::x_perm_app_error));
    EXPECT_FALSE(mc::is_temporary(command_status::x_reject_app_error));
    EXPECT_FALSE(mc::is_temporary(command_status::system_error));
}

TEST(DeliveryRouter, AcknowledgedMoIsCountedAsSuch) {
    sessions s;
    router r(s.sender());
    r.receiver_bound(1, "sid");
    r.add_mo("sid", text("mo"));
    ASSERT_EQ(s.of(1), texts{"mo"});
    s.answer(r, 1, s.last(1), command_status::ok, t0, mc::answer_verdict::acknowledged);
    const auto c = r.counts(mc::delivery_kind::mo);
    EXPECT_EQ(c.added, 1u);
    EXPECT_EQ(c.sent, 1u);
    EXPECT_EQ(c.acknowledged, 1u);
    EXPECT_EQ(r.counts(mc::delivery_kind::receipt).added, 0u);
    EXPECT_EQ(r.in_flight(), 0u);
}

TEST(DeliveryRouter, TemporaryErrorIsRetriedAfterTheBackOffAndThenAcknowledged) {
    sessions s;
    router r(s.sender(), 100, 100, {.first = 100ms, .longest = 1s, .retries = 3});
    r.receiver_bound(1, "sid");
    r.add_mo("sid", text("again"));
    s.answer(r, 1, s.last(1), command_status::x_temp_app_error, t0, mc::answer_verdict::retry);
    EXPECT_EQ(r.next_retry(), t0 + 100ms);
    EXPECT_EQ(r.retrying(mc::delivery_kind::mo), 1u);
    EXPECT_EQ(r.retrying(mc::delivery_kind::receipt), 0u);
    r.retry_due(t0 + 99ms);
    EXPECT_EQ(s.of(1), texts{"again"});  // not yet
    r.retry_due(t0 + 100ms);
    EXPECT_EQ(s.of(1), (texts{"again", "again"}));
    // The second temporary error waits twice as long.
    s.answer(r, 1, s.last(1), command_status::throttled, t0 + 110ms, mc::answer_verdict::retry);
    EXPECT_EQ(r.next_retry(), t0 + 310ms);
    r.retry_due(t0 + 310ms);
    s.answer(r, 1, s.last(1), command_status::ok, t0 + 320ms, mc::answer_verdict::acknowledged);
    const auto c = r.counts(mc::delivery_kind::mo);
    EXPECT_EQ(c.retried, 2u);
    EXPECT_EQ(c.sent, 3u);
    EXPECT_EQ(c.acknowledged, 1u);
    EXPECT_EQ(r.retrying(), 0u);
    EXPECT_EQ(r.retrying(mc::delivery_kind::mo), 0u);
    EXPECT_FALSE(r.next_retry());
}

TEST(DeliveryRouter, RetriesEndAtTheLimitAndTheMessageIsRefused) {
    sessions s;
    router r(s.sender(), 100, 100, {.first = 10ms, .longest = 10ms, .retries = 1});
    r.receiver_bound(1, "sid");
    r.add("sid", text("receipt"));
    s.answer(r, 1, s.last(1), command_status::message_queue_full, t0, mc::answer_verdict::retry);
    r.retry_due(t0 + 10ms);
    s.answer(r, 1, s.last(1), command_status::message_queue_full, t0 + 20ms, mc::answer_verdict::refused);
    const auto c = r.counts(mc::delivery_kind::receipt);
    EXPECT_EQ(c.retried, 1u);
    EXPECT_EQ(c.refused, 1u);
    EXPECT_EQ(r.retrying(), 0u);
}

TEST(DeliveryRouter, PermanentErrorsDropAtOnce) {
    sessions s;
    router r(s.sender());
    r.receiver_bound(1, "sid");
    for (const auto status : {command_status::x_perm_app_error, command_status::x_reject_app_error,
                              command_status::system_error}) {
        r.add_mo("sid", text("no"));
        s.answer(r, 1, s.last(1), status, t0, mc::answer_verdict::refused);
    }
    EXPECT_EQ(r.counts(mc::delivery_kind::mo).refused, 3u);
    EXPECT_EQ(r.retrying(), 0u);
}

TEST(DeliveryRouter, ARetryGoesToTheNextReceiverInTurn) {
    sessions s;
    router r(s.sender(), 100, 100, {.first = 10ms, .longest = 10ms, .retries = 1});
    r.receiver_bound(1, "sid");
    r.receiver_bound(2, "sid");
    r.add_mo("sid", text("a"));  // to 1
    s.answer(r, 1, s.last(1), command_status::x_temp_app_error, t0, mc::answer_verdict::retry);
    r.retry_due(t0 + 10ms);  // round-robin: 2's turn
    EXPECT_EQ(s.of(2), texts{"a"});
}

TEST(DeliveryRouter, AnAnswerForNothingSentIsUnknown) {
    sessions s;
    router r(s.sender());
    r.receiver_bound(1, "sid");
    EXPECT_EQ(r.answered(1, 42, command_status::ok, t0), mc::answer_verdict::unknown);
    EXPECT_EQ(r.answered(9, 1, command_status::ok, t0), mc::answer_verdict::unknown);
}

TEST(DeliveryRouter, AnswersStillCountAfterTheReceiverLeftUntilItCloses) {
    sessions s;
    router r(s.sender());
    r.receiver_bound(1, "sid");
    r.add_mo("sid", text("one"));
    r.add_mo("sid", text("two"));
    const auto first = s.sent[1][0].first;
    r.receiver_gone(1);  // unbinding: it takes nothing new, but its answers may still come
    s.answer(r, 1, first, command_status::ok, t0, mc::answer_verdict::acknowledged);
    r.session_closed(1);  // the other one never got its answer
    const auto c = r.counts(mc::delivery_kind::mo);
    EXPECT_EQ(c.acknowledged, 1u);
    EXPECT_EQ(c.unanswered, 1u);
    EXPECT_EQ(r.in_flight(), 0u);
}

TEST(DeliveryRouter, ATimeoutCountsAsUnansweredAndOpensTheWindow) {
    sessions s;
    s.window = 1;
    router r(s.sender());
    r.receiver_bound(1, "sid");
    r.add_mo("sid", text("lost"));
    r.add_mo("sid", text("next"));
    EXPECT_EQ(s.of(1), texts{"lost"});
    --s.open[1];
    r.timed_out(1, s.last(1));
    EXPECT_EQ(s.of(1), (texts{"lost", "next"}));
    EXPECT_EQ(r.counts(mc::delivery_kind::mo).unanswered, 1u);
}

TEST(DeliveryRouter, MoQueuesPerSystemIdWithinItsOwnBound) {
    sessions s;
    router r(s.sender(), 100, 2);
    for (int n = 1; n <= 3; ++n) r.add_mo("sid", text("mo" + std::to_string(n)));
    r.add("sid", text("receipt"));
    EXPECT_EQ(r.queued(mc::delivery_kind::mo), 2u);
    EXPECT_EQ(r.queued(mc::delivery_kind::receipt), 1u);
    EXPECT_EQ(r.counts(mc::delivery_kind::mo).overflowed, 1u);
    EXPECT_EQ(r.counts(mc::delivery_kind::receipt).overflowed, 0u);
    r.receiver_bound(1, "sid");
    EXPECT_EQ(s.of(1), (texts{"receipt", "mo2", "mo3"}));
    EXPECT_EQ(r.queued(), 0u);
}

TEST(DeliveryRouter, ListsTheSystemIdsWithAReceiverBound) {
    sessions s;
    router r(s.sender());
    r.add_mo("waiting", text("x"));  // known, but nobody bound
    r.receiver_bound(1, "b");
    r.receiver_bound(2, "a");
    r.receiver_bound(3, "a");
    std::vector<std::string> bound;
    r.for_each_bound([&](const std::string& id) { bound.push_back(id); });
    EXPECT_EQ(bound, (std::vector<std::string>{"a", "b"}));
    r.receiver_gone(1);
    bound.clear();
    r.for_each_bound([&](const std::string& id) { bound.push_back(id); });
    EXPECT_EQ(bound, (std::vector<std::string>{"a"}));
}

}  // namespace

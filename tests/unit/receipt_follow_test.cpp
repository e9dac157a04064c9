// The router's follower: what became of each tagged receipt, reported as it happens, so the MC
// can keep a message's history without the router knowing of HTTP. Untagged receipts and MO
// report nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smpp/mc/receipt_router.hpp"

namespace {

using namespace smpp;
using namespace std::chrono_literals;
using router = mc::receipt_router;
using outcome = mc::receipt_outcome;
const std::chrono::steady_clock::time_point t0{};

sm_body text(std::string s) {
    sm_body b;
    b.short_message = std::move(s);
    return b;
}

// Every deliver_sm goes out at once with the next sequence number, unless `unsendable` says it
// does not encode; the follower's reports are kept in order.
struct fixture {
    std::uint32_t sequence = 0;
    bool unsendable = false;
    std::vector<mc::receipt_report> reports;
    router r;

    explicit fixture(std::size_t max_queued = 100)
        : r([this](std::uint64_t, const sm_body&) -> router::send_attempt {
              if (unsendable) return router::send_result::failed;
              return {router::send_result::sent, ++sequence};
          },
            max_queued, 100, {.first = 10ms, .longest = 10ms, .retries = 1}) {
        r.follow([this](const mc::receipt_report& rep) { reports.push_back(rep); });
    }
    std::vector<outcome> whats() const {
        std::vector<outcome> out;
        for (const auto& rep : reports) out.push_back(rep.what);
        return out;
    }
};

TEST(ReceiptFollow, SentThenAcknowledgedWithTheSessionAndTag) {
    fixture f;
    f.r.receiver_bound(7, "sid");
    f.r.add("sid", text("receipt"), 42);
    f.r.answered(7, f.sequence, command_status::ok, t0);
    ASSERT_EQ(f.whats(), (std::vector{outcome::sent, outcome::acknowledged}));
    for (const auto& rep : f.reports) {
        EXPECT_EQ(rep.tag, 42u);
        EXPECT_EQ(rep.session, 7u);
    }
}

TEST(ReceiptFollow, APermanentErrorIsRefusedWithItsStatus) {
    fixture f;
    f.r.receiver_bound(1, "sid");
    f.r.add("sid", text("receipt"), 5);
    f.r.answered(1, f.sequence, command_status::x_perm_app_error, t0);
    ASSERT_EQ(f.whats(), (std::vector{outcome::sent, outcome::refused}));
    EXPECT_EQ(f.reports[1].status, command_status::x_perm_app_error);
}

TEST(ReceiptFollow, ATemporaryErrorRetriesThenPastTheLimitRefuses) {
    fixture f;
    f.r.receiver_bound(1, "sid");
    f.r.add("sid", text("receipt"), 5);
    f.r.answered(1, f.sequence, command_status::throttled, t0);
    f.r.retry_due(t0 + 10ms);
    f.r.answered(1, f.sequence, command_status::throttled, t0 + 20ms);
    ASSERT_EQ(f.whats(), (std::vector{outcome::sent, outcome::retrying, outcome::sent, outcome::refused}));
    EXPECT_EQ(f.reports[1].status, command_status::throttled);
    EXPECT_EQ(f.reports[3].status, command_status::throttled);
}

TEST(ReceiptFollow, TimedOutAndSessionClosedAreTheirOwnOutcomes) {
    fixture f;
    f.r.receiver_bound(1, "sid");
    f.r.add("sid", text("lost"), 1);
    f.r.add("sid", text("stranded"), 2);
    f.r.timed_out(1, 1);
    f.r.session_closed(1);
    ASSERT_EQ(f.whats(), (std::vector{outcome::sent, outcome::sent, outcome::timed_out, outcome::session_closed}));
    EXPECT_EQ(f.reports[2].tag, 1u);
    EXPECT_EQ(f.reports[3].tag, 2u);
    EXPECT_EQ(f.reports[3].session, 1u);
}

TEST(ReceiptFollow, TheOldestOfAFullQueueIsReportedAsItIsDropped) {
    fixture f(1);
    f.r.add("sid", text("old"), 1);
    f.r.add("sid", text("new"), 2);
    ASSERT_EQ(f.whats(), std::vector{outcome::queue_full});
    EXPECT_EQ(f.reports[0].tag, 1u);
    EXPECT_EQ(f.reports[0].session, 0u);
    f.r.receiver_bound(3, "sid");  // the one kept goes out once a receiver binds
    ASSERT_EQ(f.whats(), (std::vector{outcome::queue_full, outcome::sent}));
    EXPECT_EQ(f.reports[1].tag, 2u);
}

TEST(ReceiptFollow, AReceiptThatDoesNotEncodeIsUnsendable) {
    fixture f;
    f.unsendable = true;
    f.r.receiver_bound(1, "sid");
    f.r.add("sid", text("bad"), 9);
    ASSERT_EQ(f.whats(), std::vector{outcome::unsendable});
}

TEST(ReceiptFollow, UntaggedReceiptsAndMoReportNothing) {
    fixture f;
    f.r.receiver_bound(1, "sid");
    f.r.add("sid", text("untagged"));
    f.r.add_mo("sid", text("mo"));
    f.r.answered(1, 1, command_status::ok, t0);
    f.r.answered(1, 2, command_status::x_perm_app_error, t0);
    EXPECT_TRUE(f.reports.empty());
    EXPECT_EQ(f.r.counts(mc::delivery_kind::receipt).acknowledged, 1u);
}

}  // namespace

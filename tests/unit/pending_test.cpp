// The pending table answers "how full is the window" and "when is the next deadline" in O(1)
// for the usual in-order case; these pin that it still answers correctly out of order.
#include <gtest/gtest.h>

#include "smpp/session/pending.hpp"

namespace smpp {
namespace {

using std::chrono::seconds;
const clock::time_point t0{seconds(1000)};

pending_request submit(std::uint32_t seq, clock::time_point deadline) { return {seq, command_id::submit_sm, deadline}; }

TEST(PendingTable, TakesInOrderAndCountsTheWindow) {
    pending_table t;
    for (std::uint32_t seq = 1; seq <= 300; ++seq) t.add(submit(seq, t0 + seconds(seq)));
    EXPECT_EQ(t.traffic_in_flight(), 300u);
    for (std::uint32_t seq = 1; seq <= 299; ++seq) {
        const auto r = t.take(seq);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->sequence, seq);
        EXPECT_EQ(t.earliest_deadline(), t0 + seconds(seq + 1));
    }
    EXPECT_EQ(t.size(), 1u);
    EXPECT_FALSE(t.take(5));
    EXPECT_TRUE(t.take(300));
    EXPECT_EQ(t.size(), 0u);
    EXPECT_FALSE(t.earliest_deadline());
}

TEST(PendingTable, TakesOutOfOrderAndKeepsTheFrontRight) {
    pending_table t;
    for (std::uint32_t seq = 1; seq <= 5; ++seq) t.add(submit(seq, t0 + seconds(seq)));
    EXPECT_TRUE(t.take(3));
    EXPECT_TRUE(t.take(1));
    EXPECT_EQ(t.earliest_deadline(), t0 + seconds(2));
    EXPECT_TRUE(t.take(2));
    EXPECT_EQ(t.earliest_deadline(), t0 + seconds(4));
    EXPECT_FALSE(t.take(3));
    EXPECT_EQ(t.size(), 2u);
    EXPECT_EQ(t.traffic_in_flight(), 2u);
}

TEST(PendingTable, AShorterDeadlineAddedLaterIsStillTheEarliest) {
    pending_table t;
    t.add(submit(1, t0 + seconds(60)));
    t.add({2, command_id::unbind, t0 + seconds(5)});
    EXPECT_EQ(t.earliest_deadline(), t0 + seconds(5));
    const auto expired = t.expire(t0 + seconds(5));
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0].sequence, 2u);
    EXPECT_FALSE(t.contains(command_id::unbind));
    EXPECT_EQ(t.earliest_deadline(), t0 + seconds(60));
}

TEST(PendingTable, ExpiresOnlyWhatIsDueOldestFirst) {
    pending_table t;
    for (std::uint32_t seq = 1; seq <= 4; ++seq) t.add(submit(seq, t0 + seconds(seq)));
    const auto expired = t.expire(t0 + seconds(2));
    ASSERT_EQ(expired.size(), 2u);
    EXPECT_EQ(expired[0].sequence, 1u);
    EXPECT_EQ(expired[1].sequence, 2u);
    EXPECT_EQ(t.size(), 2u);
    EXPECT_EQ(t.earliest_deadline(), t0 + seconds(3));
}

TEST(PendingTable, CountsOnlySubmissionsAgainstTheWindow) {
    pending_table t;
    t.add({1, command_id::bind_transceiver, t0});
    t.add({2, command_id::enquire_link, t0});
    t.add(submit(3, t0));
    t.add({4, command_id::unbind, t0});
    EXPECT_EQ(t.traffic_in_flight(), 1u);
    EXPECT_TRUE(t.contains(command_id::enquire_link));
    EXPECT_TRUE(t.contains(command_id::bind_transceiver));
    EXPECT_TRUE(t.take(2));
    EXPECT_FALSE(t.contains(command_id::enquire_link));
    EXPECT_TRUE(t.take(1));
    EXPECT_FALSE(t.contains(command_id::bind_transceiver));
    EXPECT_TRUE(t.contains(command_id::unbind));
}

TEST(PendingTable, AStreamOfRequestsReusesItsMemoryWithoutLosingAny) {
    // A window of 256 kept full for 100,000 requests, answered in order but the oldest one
    // held back throughout: the dead slots behind it must be compacted, not kept forever.
    pending_table t;
    t.add(submit(1, t0));
    std::uint32_t next = 2;
    std::uint32_t answered = 2;
    for (; next < 258; ++next) t.add(submit(next, t0 + seconds(1)));
    for (int i = 0; i < 100'000; ++i) {
        ASSERT_TRUE(t.take(answered++));
        t.add(submit(next++, t0 + seconds(1)));
        ASSERT_EQ(t.traffic_in_flight(), 257u);
        ASSERT_LE(t.footprint(), 2 * 257u);
    }
    EXPECT_EQ(t.earliest_deadline(), t0);
    EXPECT_TRUE(t.take(1));
    EXPECT_EQ(t.take_all().size(), 256u);
    EXPECT_EQ(t.size(), 0u);
}

}  // namespace
}  // namespace smpp

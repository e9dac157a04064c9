// The pacer of --rate on a made-up clock.
#include "ledger_support.hpp"

namespace smpp::traffic {
namespace {

using namespace ledger_test;

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

}  // namespace
}  // namespace smpp::traffic

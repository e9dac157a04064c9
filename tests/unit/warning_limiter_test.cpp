// Rate-limited warnings in virtual time (issue #12, "Log floods from strangers").
#include <gtest/gtest.h>

#include "smpp/timing/warning_limiter.hpp"

namespace {

using namespace std::chrono_literals;
using smpp::timing::keyed_warning_limiter;
using smpp::timing::warning_limiter;

const warning_limiter::clock::time_point t0{};

struct tally {
    int in_full = 0;
    int summaries = 0;
    std::uint64_t reported = 0;
    void add(warning_limiter::verdict v) {
        in_full += v.log;
        summaries += v.suppressed != 0;
        reported += v.suppressed;
    }
};

TEST(WarningLimiter, TheFirstFewGoOutInFullTheRestAreCounted) {
    warning_limiter l({.burst = 5, .interval = 10s});
    tally t;
    for (int i = 0; i < 50'000; ++i) t.add(l.on_warning(t0 + i * 10us));
    EXPECT_EQ(t.in_full, 5);
    EXPECT_EQ(t.summaries, 0) << "the summary waits for the interval to end";
    EXPECT_EQ(l.take_suppressed(), 49'995u);
    EXPECT_EQ(l.take_suppressed(), 0u);
}

TEST(WarningLimiter, AFloodThatGoesOnGetsOneSummaryPerInterval) {
    warning_limiter l({.burst = 5, .interval = 10s});
    tally t;
    // 100 warnings a second for a minute.
    for (int i = 0; i < 6000; ++i) t.add(l.on_warning(t0 + i * 10ms));
    EXPECT_EQ(t.in_full, 5);
    EXPECT_EQ(t.summaries, 5) << "one per interval after the first";
    EXPECT_EQ(t.reported + l.take_suppressed() + t.in_full, 6000u) << "every warning is accounted for";
}

TEST(WarningLimiter, APeerThatPausesAWholeIntervalStartsAfresh) {
    warning_limiter l({.burst = 2, .interval = 10s});
    for (int i = 0; i < 10; ++i) l.on_warning(t0 + i * 1ms);
    const auto v = l.on_warning(t0 + 30s);
    EXPECT_TRUE(v.log);
    EXPECT_EQ(v.suppressed, 8u) << "what was left out is still said";
    EXPECT_TRUE(l.on_warning(t0 + 30s).log);
    EXPECT_FALSE(l.on_warning(t0 + 30s).log);
}

TEST(WarningLimiter, OccasionalWarningsAreAllWrittenInFull) {
    warning_limiter l({.burst = 3, .interval = 10s});
    for (int i = 0; i < 100; ++i) {
        const auto v = l.on_warning(t0 + i * 4s);
        EXPECT_TRUE(v.log);
        EXPECT_EQ(v.suppressed, 0u);
    }
}

TEST(KeyedWarningLimiter, PeersAreLimitedEachOnTheirOwn) {
    keyed_warning_limiter l({.burst = 1, .interval = 10s});
    EXPECT_TRUE(l.on_warning("192.0.2.1", t0).log);
    EXPECT_FALSE(l.on_warning("192.0.2.1", t0).log);
    EXPECT_TRUE(l.on_warning("192.0.2.2", t0).log) << "one peer's flood does not silence another";
}

TEST(KeyedWarningLimiter, QuietPeersAreForgotten) {
    keyed_warning_limiter l({.burst = 1, .interval = 10s});
    for (int i = 0; i < 5000; ++i) l.on_warning("peer" + std::to_string(i), t0);
    EXPECT_LE(l.tracked(), 5000u);
    l.on_warning("late", t0 + 1min);
    for (int i = 0; i < 4000; ++i) l.on_warning("later" + std::to_string(i), t0 + 1min);
    EXPECT_LT(l.tracked(), 5000u) << "the quiet ones were swept";
}

}  // namespace

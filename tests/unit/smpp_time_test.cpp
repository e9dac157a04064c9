// SMPP 3.4 times (§7.1.1): what parse_smpp_time accepts, and the instant it means.
#include <gtest/gtest.h>

#include "smpp/codec/smpp_time.hpp"

namespace {

using namespace std::chrono;
using smpp::parse_smpp_time;

const auto noon_utc = sys_days{2026y / November / 24} + 12h;

TEST(SmppTime, AbsoluteUtcWithTenths) {
    const auto t = parse_smpp_time("261124123015300+");
    ASSERT_TRUE(t);
    EXPECT_FALSE(t->relative);
    EXPECT_EQ(t->at, noon_utc + 30min + 15s + 300ms);
}

TEST(SmppTime, AbsoluteLocalTimesAreTurnedIntoUtc) {
    // 12:30 local, 4 quarter hours (1 h) ahead of UTC: 11:30 UTC. Behind by 2 h: 14:30 UTC.
    EXPECT_EQ(parse_smpp_time("261124123000004+")->at, noon_utc - 30min);
    EXPECT_EQ(parse_smpp_time("261124123000008-")->at, noon_utc + 2h + 30min);
}

TEST(SmppTime, RelativeCountsFromTheReference) {
    const auto t = parse_smpp_time("000002030405000R");
    ASSERT_TRUE(t);
    EXPECT_TRUE(t->relative);
    EXPECT_EQ(t->from(noon_utc), noon_utc + days(2) + 3h + 4min + 5s);
}

TEST(SmppTime, RelativeYearsAndMonthsFollowTheCalendar) {
    EXPECT_EQ(parse_smpp_time("000100000000000R")->from(noon_utc), sys_days{2026y / December / 24} + 12h);
    EXPECT_EQ(parse_smpp_time("010201000000000R")->from(noon_utc), sys_days{2028y / January / 25} + 12h);
    const auto end_of_january = sys_days{2028y / January / 31} + 23h + 59min;
    EXPECT_EQ(parse_smpp_time("000100000100000R")->from(end_of_january), sys_days{2028y / March / 1})
        << "29 February (a leap year), then the minute";
}

TEST(SmppTime, RefusesWhatIsNotATime) {
    for (const char* bad : {"", "26112412300000+", "2611241230000000+", "26112412300000a+", "261324123000000+",
                            "260230123000000+", "261124243000000+", "261124126000000+", "261124123060000+",
                            "261124123000049+", "261124123000000X", "0000010000000x0R"})
        EXPECT_FALSE(parse_smpp_time(bad)) << bad;
    EXPECT_TRUE(parse_smpp_time("240229000000000+")) << "a leap day";
}

}  // namespace

// The MC's timing engines in virtual time: every `now` is made up, nothing sleeps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smpp/timing/delay_line.hpp"
#include "smpp/timing/drain.hpp"
#include "smpp/timing/schedule.hpp"

namespace {

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;
using wall = std::chrono::system_clock;
const steady::time_point t0{};
const wall::time_point w0{};

TEST(DelayLine, WithoutDelayAnEmptyLineHoldsNothingBack) {
    smpp::timing::delay_line<int> line(0ms);
    EXPECT_FALSE(line.holds_back());
    line.push(1, t0);
    EXPECT_TRUE(line.holds_back()) << "a later item must not overtake one still queued";
}

TEST(DelayLine, ReleasesInArrivalOrderOnceDue) {
    smpp::timing::delay_line<int> line(100ms);
    EXPECT_TRUE(line.holds_back());
    EXPECT_TRUE(line.push(1, t0)) << "the first item arms the timer";
    EXPECT_FALSE(line.push(2, t0 + 10ms));
    EXPECT_FALSE(line.push(3, t0 + 60ms));
    EXPECT_EQ(line.next_deadline(), t0 + 100ms);

    std::vector<int> out;
    const auto take = [&](int i) { out.push_back(i); };
    EXPECT_EQ(line.release_due(t0 + 99ms, take), 0u);
    EXPECT_EQ(line.release_due(t0 + 110ms, take), 2u);
    EXPECT_EQ(out, (std::vector<int>{1, 2}));
    EXPECT_EQ(line.next_deadline(), t0 + 160ms);
    EXPECT_EQ(line.release_due(t0 + 1s, take), 1u);
    EXPECT_EQ(out, (std::vector<int>{1, 2, 3}));
    EXPECT_FALSE(line.next_deadline()) << "empty: the timer rests";
}

TEST(DelayLine, ClearShowsWhatItForgets) {
    smpp::timing::delay_line<std::string> line(1s);
    line.push("a", t0);
    line.push("b", t0);
    std::vector<std::string> seen;
    EXPECT_EQ(line.clear([&](const std::string& s) { seen.push_back(s); }), 2u);
    EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
    EXPECT_TRUE(line.empty());
    EXPECT_FALSE(line.next_deadline());
}

TEST(Schedule, ReleasesEarliestFirstAndSaysWhenToReArm) {
    smpp::timing::schedule<std::string> s;
    EXPECT_TRUE(s.add(w0 + 5s, "late"));
    EXPECT_TRUE(s.add(w0 + 2s, "early")) << "earlier than the armed time: re-arm";
    EXPECT_FALSE(s.add(w0 + 3s, "middle"));
    EXPECT_FALSE(s.add(w0 + 3s, "middle too"));
    EXPECT_EQ(s.next_deadline(), w0 + 2s);

    EXPECT_TRUE(s.take_due(w0 + 1s).empty());
    EXPECT_EQ(s.take_due(w0 + 3s), (std::vector<std::string>{"early", "middle", "middle too"}));
    EXPECT_EQ(s.next_deadline(), w0 + 5s);
    EXPECT_EQ(s.take_due(w0 + 5s), (std::vector<std::string>{"late"}));
    EXPECT_FALSE(s.next_deadline());
}

TEST(Schedule, TakeIfRemovesOneWhateverItsTime) {
    smpp::timing::schedule<std::string> s;
    s.add(w0 + 9s, "x");
    s.add(w0 + 4s, "y");
    EXPECT_EQ(s.take_if([](const std::string& v) { return v == "x"; }), "x");
    EXPECT_FALSE(s.take_if([](const std::string& v) { return v == "x"; }));
    EXPECT_EQ(s.size(), 1u);
    EXPECT_EQ(s.next_deadline(), w0 + 4s);
}

using smpp::timing::drain;
using smpp::timing::drain_load;

TEST(Drain, EndsWhenTheLastOwedThingIsAnswered) {
    drain d;
    d.start(t0, 5s);
    EXPECT_EQ(d.deadline(), t0 + 5s);
    EXPECT_EQ(d.update({.responses_owed = 2}, t0), drain::verdict::waiting);
    EXPECT_EQ(d.update({.responses_owed = 0, .requests_in_flight = 1}, t0 + 1s), drain::verdict::waiting);
    EXPECT_EQ(d.update({}, t0 + 2s), drain::verdict::drained);
    EXPECT_FALSE(d.active());
    EXPECT_EQ(d.update({.responses_owed = 1}, t0 + 3s), drain::verdict::drained) << "over: later events change nothing";
}

TEST(Drain, TimesOutAtItsDeadlineWithWorkOwed) {
    drain d;
    d.start(t0, 5s);
    EXPECT_EQ(d.update({.requests_in_flight = 1}, t0 + 4999ms), drain::verdict::waiting);
    EXPECT_EQ(d.update({.requests_in_flight = 1}, t0 + 5s), drain::verdict::timed_out);
    EXPECT_EQ(d.outcome(), drain::verdict::timed_out);
}

TEST(Drain, NothingOwedAtTheStartEndsAtOnceEvenWithNoTime) {
    drain d;
    d.start(t0, 0s);
    EXPECT_EQ(d.update({}, t0), drain::verdict::drained);
}

}  // namespace

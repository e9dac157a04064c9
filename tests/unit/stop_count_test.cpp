// Stop requests in virtual time (issue #12: one kill -INT reached smpp-esme twice under GNU
// timeout and force-closed it).
#include <gtest/gtest.h>

#include "stop_count.hpp"

namespace {

using smpp::net::stop_count;
using namespace std::chrono_literals;

const stop_count::clock::time_point t0{};

TEST(StopCount, ASignalDeliveredTwiceAtOnceIsOneStop) {
    stop_count c;
    EXPECT_EQ(c.request(t0), 1);
    EXPECT_EQ(c.request(t0), 1);
    EXPECT_EQ(c.request(t0 + 150ms), 1);
    EXPECT_EQ(c.count(), 1);
}

TEST(StopCount, ALaterRequestIsTheSecondStop) {
    stop_count c;
    c.request(t0);
    EXPECT_EQ(c.request(t0 + stop_count::default_echo_window), 2);
    EXPECT_EQ(c.request(t0 + stop_count::default_echo_window + 1ms), 3) << "past the second, each one counts";
}

TEST(StopCount, TheWindowRunsFromTheFirstRequestNotTheLast) {
    stop_count c(200ms);
    c.request(t0);
    c.request(t0 + 150ms);
    EXPECT_EQ(c.request(t0 + 250ms), 2) << "echoes do not stretch the window";
}

TEST(StopCount, ADeliberateRequestIsNeverAnEcho) {
    stop_count c;
    c.request(t0);
    EXPECT_EQ(c.request_deliberately(t0 + 1ms), 2) << "stop() twice is the hard stop, however quick";
    stop_count d;
    d.request_deliberately(t0);
    EXPECT_EQ(d.request(t0 + 1ms), 1) << "a signal right after --duration ran out is the same stop";
}

TEST(StopCount, AZeroWindowCountsEveryRequest) {
    stop_count c(0ms);
    c.request(t0);
    EXPECT_EQ(c.request(t0), 2);
}

}  // namespace

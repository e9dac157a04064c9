// smpp-esme's per-session counts (esme-cli/esme_metrics): a session's record is made at its
// first count, so what was never counted reads as zero and what was is kept apart per session.
#include <gtest/gtest.h>

#include "esme_metrics.hpp"

namespace {

using smpp::command_status;
using smpp::esme::esme_metrics;
using namespace std::chrono_literals;

TEST(EsmeMetrics, ASessionNeverCountedReadsAsZeroAndAClosedOneOwesNothing) {
    esme_metrics m(3, 10);
    m.closed(2);  // closed before any submit: nothing in flight to settle
    for (unsigned n = 1; n <= 3; ++n) {
        EXPECT_EQ(m.of(n).sent.value, 0u);
        EXPECT_EQ(m.of(n).timed_out.value, 0u);
        EXPECT_EQ(m.of(n).in_flight(), 0u);
    }
}

TEST(EsmeMetrics, CountsStayWithTheirSessionAndLatencyIsFoundBySequence) {
    esme_metrics m(2, 10);
    const auto t0 = esme_metrics::clock::now();
    m.sent(2, 7, t0);
    m.sent(2, 8, t0);
    m.sent(2, 9, t0);
    m.answered(2, 7, command_status::ok, t0 + 3ms);
    m.answered(2, 8, command_status::throttled, t0 + 3ms);
    m.mo(1);
    EXPECT_EQ(m.of(2).sent.value, 3u);
    EXPECT_EQ(m.of(2).accepted.value, 1u);
    EXPECT_EQ(m.of(2).rejected.value, 1u);
    EXPECT_EQ(m.of(2).in_flight(), 1u);
    EXPECT_EQ(m.of(2).latency.count(), 2u);
    EXPECT_EQ(m.of(1).sent.value, 0u);
    EXPECT_EQ(m.of(1).mo.value, 1u);
    m.closed(2);  // the third never gets its answer
    EXPECT_EQ(m.of(2).timed_out.value, 1u);
    EXPECT_EQ(m.of(2).in_flight(), 0u);
}

}  // namespace

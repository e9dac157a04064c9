// The MC's drain at shutdown (issue #12): stopped while it still owes submit_sm_resps (held by
// --response-delay-ms), it sends them before it unbinds, so the ESME counts every message
// accepted and none timed out. A drain that skipped that wait still passed every other test.
#include <gtest/gtest.h>

#include <optional>

#include "harness.hpp"

namespace smpp::test {
namespace {

using clock_type = std::chrono::steady_clock;

constexpr std::size_t messages = 5;
constexpr auto delay = 1000ms;

TEST(McDrain, StopWaitsForOwedSubmitResponsesSoEveryMessageIsAccepted) {
    // Trace: the MC's request_received says when it holds every submit, so the stop lands while
    // all their responses are still owed, without guessing with a sleep.
    event_log log(log::level::trace);
    mc_options m;
    m.response_delay = delay;
    m.drain_timeout = 10s;
    running_mc mc(m);
    ASSERT_NE(mc.port(), 0);

    auto o = esme_for(mc.port(), 1);
    o.messages.assign(messages, outgoing_message{.from = "12345", .to = "67890", .text = "owed at shutdown"});
    o.window = 10;
    o.response_timeout = 10s;
    std::optional<traffic::summary> summary;  // written on the ESME thread before run() returns
    o.on_summary = [&summary](const traffic::summary& s) { summary = s; };
    running_esme esme(o);

    ASSERT_TRUE(log.wait_for("mc", "request_received", messages));
    ASSERT_EQ(log.count("esme", "response_received"), 0u) << "the stop must come while the responses are owed";
    const auto stopped = clock_type::now();
    mc.stop();
    // Which side unbinds first is a race: the MC after its drain, the ESME once its last
    // outcome is in. Either way both end cleanly.
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_LT(clock_type::now() - stopped, delay + 5s) << "the drain ends with the last owed response";

    ASSERT_TRUE(summary.has_value());
    EXPECT_EQ(summary->messages, messages);
    EXPECT_EQ(summary->accepted, messages) << summary->to_text();
    EXPECT_EQ(summary->timed_out, 0u) << summary->to_text();
    EXPECT_EQ(summary->rejected, 0u) << summary->to_text();
    EXPECT_EQ(summary->not_sent, 0u) << summary->to_text();
    EXPECT_EQ(log.count("mc", "response_failed"), 0u) << "no owed response may be dropped by the unbind";
}

}  // namespace
}  // namespace smpp::test

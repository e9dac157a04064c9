// Throttling, rejections and a dropped connection, each counted as the outcome it is.
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

using namespace traffic_support;

void throttled_then_accepted(std::size_t window) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, numbered_messages(12));
    options.window = window;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    std::map<std::size_t, int> attempts;
    const auto result = serve(*mc, [&](const sm_body& body) {
        return ++attempts[message_number(body)] == 1 ? command_status::throttled : command_status::ok;
    });
    EXPECT_TRUE(result.unbound) << "the ESME never finished: " << result.submits.size() << " submits seen";
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    EXPECT_EQ(attempts.size(), 12u);
    for (const auto& [message, n] : attempts) EXPECT_EQ(n, 2) << "message " << message;
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.accepted, 12u) << s.to_text();
    EXPECT_EQ(s.retries, 12u);
    EXPECT_EQ(s.rejected, 0u);
    EXPECT_TRUE(s.rejected_by_status.empty());
    EXPECT_EQ(s.parts_submitted, 24u);
    expect_invariant(s);
}

TEST(Traffic, ThrottledSubmitsAreRetriedUntilAccepted) { throttled_then_accepted(3); }

// The window holds every message: the queue is empty before the first answer comes back, and
// the throttled ones must still go again.
TEST(Traffic, ThrottledSubmitsAreRetriedAfterTheQueueRanOut) { throttled_then_accepted(16); }

TEST(Traffic, RejectedSubmitsAreCountedByStatus) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto messages = numbered_messages(10);
    for (std::size_t i = 0; i < messages.size(); i += 3) messages[i].to = "999";  // 0, 3, 6, 9
    auto options = run.options(listener.port(), 1, messages);
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, [](const sm_body& body) {
        return body.destination_addr == "999" ? command_status::invalid_dest_addr : command_status::ok;
    });
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(result.submits.size(), 10u);
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.rejected, 4u) << s.to_text();
    EXPECT_EQ(s.accepted, 6u);
    const std::map<command_status, std::uint64_t> by_status{{command_status::invalid_dest_addr, 4}};
    EXPECT_EQ(s.rejected_by_status, by_status);
    expect_invariant(s);

    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 10u);
    for (const auto& line : report) {
        SCOPED_TRACE("message " + std::to_string(line.index));
        if (line.index % 3 == 0) {
            EXPECT_EQ(line.outcome, "rejected");
            EXPECT_EQ(line.command_status, 0x0Bu);
            EXPECT_EQ(line.status, "ESME_RINVDSTADR");
            EXPECT_TRUE(line.message_id.empty());
        } else {
            EXPECT_EQ(line.outcome, "accepted");
        }
    }
}

TEST(Traffic, DroppedConnectionLeavesUnansweredSubmitsTimedOutNeverAccepted) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, numbered_messages(10));
    options.window = 4;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    std::vector<pdu> submits;
    auto next_submit = [&] {
        auto p = mc->receive();
        if (!p || p->id != command_id::submit_sm) {
            ADD_FAILURE() << "expected a submit_sm";
            return false;
        }
        submits.push_back(std::move(*p));
        return true;
    };
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(next_submit());
    mc->answer(submits[0]);
    mc->answer(submits[1]);
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(next_submit());  // the window refilled
    mc->close();  // four submits unanswered

    EXPECT_EQ(esme.wait(), esme_exit::connection_lost);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.accepted, 2u) << s.to_text();
    EXPECT_EQ(s.timed_out, 4u);
    EXPECT_EQ(s.not_sent, 4u);
    expect_invariant(s);

    std::set<std::size_t> unanswered;
    for (std::size_t i = 2; i < submits.size(); ++i) unanswered.insert(message_number(std::get<sm_body>(submits[i].body)));
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 10u);
    for (const auto& line : report) {
        SCOPED_TRACE("message " + std::to_string(line.index));
        if (unanswered.count(line.index))
            EXPECT_EQ(line.outcome, "timeout");
        else if (line.index < 2)
            EXPECT_EQ(line.outcome, "accepted");
        else
            EXPECT_EQ(line.outcome, "not_sent");
    }
}

// ---- long text -------------------------------------------------------------------------------

// 400 characters of the GSM default alphabet whose septets equal their ASCII codes.

}  // namespace
}  // namespace smpp::test

// The ESME's traffic engine end to end over loopback: volume, and stopping with submits in flight.
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

using namespace traffic_support;

TEST(Traffic, TwoThousandMessagesOverThreeSessionsAreAllAcceptedAndTheEsmeStopsByItself) {
    event_log log;
    running_mc mc;
    ASSERT_NE(mc.port(), 0);
    traffic_run run;
    auto options = run.options(mc.port(), 3, numbered_messages(2000));
    options.window = 16;
    running_esme esme(options);

    // No stop(): the ESME unbinds once every message has its answer.
    ASSERT_EQ(esme.wait(30s), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, 2000u);
    EXPECT_EQ(s.accepted, 2000u) << s.to_text();
    EXPECT_EQ(s.submitted, 2000u);
    EXPECT_EQ(s.parts_submitted, 2000u);
    EXPECT_EQ(s.rejected + s.timed_out + s.not_sent, 0u);
    expect_invariant(s);

    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 2000u);
    std::set<std::size_t> indexes;
    std::set<std::string> ids;
    for (const auto& line : report) {
        EXPECT_EQ(line.outcome, "accepted") << "message " << line.index;
        EXPECT_FALSE(line.message_id.empty()) << "message " << line.index;
        indexes.insert(line.index);
        ids.insert(line.message_id);
    }
    EXPECT_EQ(indexes.size(), 2000u);
    EXPECT_EQ(*indexes.rbegin(), 1999u);
    EXPECT_EQ(ids.size(), 2000u);  // every message_id unique

    const auto events = log.snapshot();
    for (const auto& problem : unmatched_unbinds(events)) ADD_FAILURE() << problem;
    EXPECT_EQ(complete_unbinds(events), 3u);
    EXPECT_EQ(log.count("esme", "forced_close"), 0u);

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Traffic, SyntheticMessagesAfterListedOnesAreEachSentOnceOverTheSessions) {
    running_mc mc;
    traffic_run run;
    // Two listed messages, then 1,001 synthetic copies made as they are sent: an uneven split
    // over three sessions.
    auto options = run.options(mc.port(), 3, numbered_messages(2));
    options.synthetic = {.from = "12345", .to = "67890", .text = "synthetic"};
    options.synthetic_count = 1001;
    running_esme esme(options);

    ASSERT_EQ(esme.wait(30s), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, 1003u);
    EXPECT_EQ(s.accepted, 1003u) << s.to_text();
    EXPECT_EQ(s.parts_submitted, 1003u);  // none twice, none skipped
    expect_invariant(s);
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 1003u);
    std::set<std::string> ids;
    for (const auto& line : report) ids.insert(line.message_id);
    EXPECT_EQ(ids.size(), 1003u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// ---- stop with messages in flight ------------------------------------------------------------

TEST(Traffic, StopWaitsForResponsesInFlightSendsNothingNewThenUnbinds) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    // Two sessions: session 1 gets the even messages, session 2 the odd ones.
    auto options = run.options(listener.port(), 2, numbered_messages(20));
    options.window = 4;
    running_esme esme(options);

    auto first = accept_bound(listener, log, 1);
    auto second = accept_bound(listener, log, 2);
    if (first->system_id() != "sid1") std::swap(first, second);
    ASSERT_EQ(first->system_id(), "sid1");
    ASSERT_EQ(second->system_id(), "sid2");

    // Session 2 gets all of its answers at once: it has nothing left to do.
    for (int answered = 0; answered < 10;) {
        const auto p = second->receive();
        ASSERT_TRUE(p.has_value());
        ASSERT_EQ(p->id, command_id::submit_sm);
        second->answer(*p);
        ++answered;
    }
    ASSERT_TRUE(second->round_trip());

    // Session 1's first window is held: four submits in flight.
    std::vector<pdu> held;
    for (int i = 0; i < 4; ++i) {
        auto p = first->receive();
        ASSERT_TRUE(p.has_value());
        ASSERT_EQ(p->id, command_id::submit_sm);
        held.push_back(std::move(*p));
    }

    esme.stop();
    ASSERT_TRUE(log.wait_for("esme", "shutdown_started", 1));
    // Released only now that the ESME is stopping: the window reopens, and must stay unused.
    std::map<std::size_t, std::string> given;
    for (const auto& p : held) given[message_number(std::get<sm_body>(p.body))] = first->answer(p);

    const auto unbind_first = first->receive();
    ASSERT_TRUE(unbind_first.has_value());
    EXPECT_EQ(unbind_first->id, command_id::unbind) << "the ESME sent " << name_of(unbind_first->id) << " after stop()";
    const auto unbind_second = second->receive();
    ASSERT_TRUE(unbind_second.has_value());
    EXPECT_EQ(unbind_second->id, command_id::unbind);

    // Session 1 closes first; session 2 must still be allowed to finish its own unbind.
    first->send(make_header_only(command_id::unbind_resp, unbind_first->sequence));
    ASSERT_TRUE(log.wait_for("esme", "closed", 1));
    EXPECT_TRUE(second->send(make_header_only(command_id::unbind_resp, unbind_second->sequence)));
    // And neither sends anything more before closing.
    EXPECT_FALSE(first->receive(2s).has_value());
    EXPECT_FALSE(second->receive(2s).has_value());

    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(log.count("esme", "unbind_resp_received"), 2u);
    EXPECT_EQ(log.count("esme", "forced_close"), 0u);

    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, 20u);
    EXPECT_EQ(s.accepted, 14u) << s.to_text();
    EXPECT_EQ(s.not_sent, 6u);
    EXPECT_EQ(s.timed_out, 0u);
    EXPECT_EQ(s.rejected, 0u);
    expect_invariant(s);

    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 20u);
    for (const auto& line : report) {
        SCOPED_TRACE("message " + std::to_string(line.index));
        if (line.index % 2 == 1) {
            EXPECT_EQ(line.outcome, "accepted");
        } else if (given.count(line.index)) {
            EXPECT_EQ(line.outcome, "accepted");
            EXPECT_EQ(line.message_id, given[line.index]);
        } else {
            EXPECT_EQ(line.outcome, "not_sent");
        }
    }
}

TEST(Traffic, UnansweredInFlightTimeOutAfterTheDrainTimeoutAndTheEsmeStillUnbinds) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, numbered_messages(10));
    options.window = 4;
    options.drain_timeout = 300ms;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    for (int i = 0; i < 4; ++i) {
        const auto p = mc->receive();
        ASSERT_TRUE(p.has_value());
        ASSERT_EQ(p->id, command_id::submit_sm);
        EXPECT_EQ(message_number(std::get<sm_body>(p->body)), static_cast<std::size_t>(i));
    }

    const auto stopped = clock_type::now();
    esme.stop();
    const auto unbind = mc->receive();
    ASSERT_TRUE(unbind.has_value());
    EXPECT_EQ(unbind->id, command_id::unbind) << "the ESME sent " << name_of(unbind->id) << " after stop()";
    const auto waited = clock_type::now() - stopped;
    EXPECT_GE(waited, 300ms);  // it drained first
    EXPECT_LT(waited, 3s);
    mc->send(make_header_only(command_id::unbind_resp, unbind->sequence));

    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(log.count("esme", "drain_timeout"), 1u);
    EXPECT_EQ(log.count("esme", "unbind_resp_received"), 1u);
    EXPECT_EQ(log.count("esme", "forced_close"), 0u);

    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.timed_out, 4u) << s.to_text();
    EXPECT_EQ(s.not_sent, 6u);
    EXPECT_EQ(s.accepted, 0u);
    expect_invariant(s);
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 10u);
    for (const auto& line : report) EXPECT_EQ(line.outcome, line.index < 4 ? "timeout" : "not_sent") << line.index;
}

// ---- what the MC answers ---------------------------------------------------------------------

// Every first attempt of each message gets ESME_RTHROTTLED, every retry is taken.

}  // namespace
}  // namespace smpp::test

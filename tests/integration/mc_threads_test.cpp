// smpp-mc with --threads 2: sessions dealt to both threads in turn, and what spans them still
// works: receipts and MO reach a receiver bound on the other thread, admission caps count both,
// and the graceful shutdown unbinds every session on every thread.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

#include "expect_unbinds.hpp"
#include "mc_script.hpp"
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

mc_options two_threads() {
    mc_options o;
    o.threads = 2;
    return o;
}

// How many of the MC's `event` each of its threads logged.
std::map<std::thread::id, std::size_t> per_thread(const event_log& log, const std::string& event) {
    std::map<std::thread::id, std::size_t> out;
    for (const auto& e : log.snapshot())
        if (e.role == "mc" && e.event == event) ++out[e.thread];
    return out;
}

std::vector<std::size_t> counts_of(const std::map<std::thread::id, std::size_t>& m) {
    std::vector<std::size_t> out;
    for (const auto& [_, n] : m) out.push_back(n);
    return out;
}

// Bound first, so it lands on the first thread and the next connection on the second.
std::unique_ptr<raw_esme> bound(std::uint16_t port, command_id how, const std::string& system_id) {
    auto esme = std::make_unique<raw_esme>(port);
    EXPECT_EQ(esme->bind(how, system_id), command_status::ok);
    return esme;
}

void acknowledge(raw_esme& esme, const pdu& deliver) {
    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, deliver.sequence, sm_resp_body{}});
}

TEST(McThreads, FourSessionsLandTwoOnEachThreadAndEverySubmitIsAnswered) {
    using namespace traffic_support;
    event_log log;
    running_mc mc(two_threads());
    traffic_run run;
    auto options = run.options(mc.port(), 4, numbered_messages(2000));
    options.window = 16;
    running_esme esme(options);

    ASSERT_EQ(esme.wait(30s), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->accepted, 2000u) << run.summary->to_text();
    EXPECT_EQ(counts_of(per_thread(log, "bound")), (std::vector<std::size_t>{2, 2}));
    std::set<std::string> ids;
    for (const auto& line : read_report(run.report)) ids.insert(line.message_id);
    EXPECT_EQ(ids.size(), 2000u);  // unique over both threads' stores
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(McThreads, ReceiptReachesAReceiverBoundOnTheOtherThread) {
    event_log log;
    running_mc mc(two_threads());
    const auto receiver = bound(mc.port(), command_id::bind_receiver, "sid1");
    const auto sender = bound(mc.port(), command_id::bind_transmitter, "sid1");
    ASSERT_EQ(per_thread(log, "bound").size(), 2u);

    const auto submit = sender->submit(a_message("across", 0x01));
    sender->send(submit);
    const auto id = accepted_id(expect_pdu(*sender, command_id::submit_sm_resp), submit.sequence);
    const auto receipt = expect_pdu(*receiver, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    EXPECT_EQ(std::get<sm_body>(receipt->body).tlvs.at(0).value, id + std::string(1, '\0'));
    acknowledge(*receiver, *receipt);

    // The message is its thread's: query_sm on the session that submitted it finds it.
    const auto query = pdu{command_id::query_sm, command_status::ok, sender->next_sequence(),
                           query_sm_body{.message_id = id, .source_addr = "447700900001"}};
    sender->send(query);
    const auto resp = expect_pdu(*sender, command_id::query_sm_resp);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status, command_status::ok);

    mc.stop();
    answer_unbind(*receiver);
    answer_unbind(*sender);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 0u);
}

TEST(McThreads, QueuedReceiptMovesToAReceiverThatBindsOnTheOtherThread) {
    event_log log;
    running_mc mc(two_threads());
    const auto sender = bound(mc.port(), command_id::bind_transmitter, "sid1");
    const auto submit = sender->submit(a_message("waits", 0x01));
    sender->send(submit);
    const auto id = accepted_id(expect_pdu(*sender, command_id::submit_sm_resp), submit.sequence);

    const auto receiver = bound(mc.port(), command_id::bind_receiver, "sid1");
    ASSERT_EQ(per_thread(log, "bound").size(), 2u);
    const auto receipt = expect_pdu(*receiver, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    EXPECT_EQ(std::get<sm_body>(receipt->body).tlvs.at(0).value, id + std::string(1, '\0'));
    acknowledge(*receiver, *receipt);

    mc.stop();
    answer_unbind(*sender);
    answer_unbind(*receiver);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 0u);
}

std::optional<pdu> ask_query(raw_esme& esme, const std::string& id) {
    esme.send(pdu{command_id::query_sm, command_status::ok, esme.next_sequence(),
                  query_sm_body{.message_id = id, .source_addr = "447700900001"}});
    return expect_pdu(esme, command_id::query_sm_resp);
}

TEST(McThreads, MessageOfTheOtherThreadIsQueriedAndCancelledThereAndAnsweredInOrder) {
    event_log log;
    auto o = two_threads();
    o.receipt_delay = 60s;  // ENROUTE throughout
    running_mc mc(o);
    const auto first = bound(mc.port(), command_id::bind_transceiver, "sid1");
    const auto second = bound(mc.port(), command_id::bind_transceiver, "sid1");
    ASSERT_EQ(per_thread(log, "bound").size(), 2u);
    const auto submit = first->submit(a_message("made on the first thread"));
    first->send(submit);
    const auto id = accepted_id(expect_pdu(*first, command_id::submit_sm_resp), submit.sequence);

    // A query for the first thread's message and a submit after it, in one write: the query's
    // answer comes back from the other thread, and the submit's waits for it.
    const auto query = pdu{command_id::query_sm, command_status::ok, second->next_sequence(),
                           query_sm_body{.message_id = id, .source_addr = "447700900001"}};
    const auto after = second->submit(a_message("after the query"));
    second->send({query, after});
    const auto answered = expect_pdu(*second, command_id::query_sm_resp);
    ASSERT_TRUE(answered);
    EXPECT_EQ(answered->sequence, query.sequence);
    EXPECT_EQ(answered->status, command_status::ok);
    EXPECT_EQ(std::get<query_sm_resp_body>(answered->body).message_state,
              static_cast<std::uint8_t>(message_state::enroute));
    accepted_id(expect_pdu(*second, command_id::submit_sm_resp), after.sequence);

    second->send(pdu{command_id::cancel_sm, command_status::ok, second->next_sequence(),
                     cancel_sm_body{.message_id = id, .source_addr = "447700900001"}});
    const auto cancelled = expect_pdu(*second, command_id::cancel_sm_resp);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, command_status::ok);
    const auto now = ask_query(*first, id);
    ASSERT_TRUE(now);
    EXPECT_EQ(std::get<query_sm_resp_body>(now->body).message_state, static_cast<std::uint8_t>(message_state::deleted));

    mc.stop();
    answer_unbind(*first);
    answer_unbind(*second);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(McThreads, EchoMoReachesAReceiverBoundOnTheOtherThread) {
    event_log log;
    auto o = two_threads();
    o.echo = true;
    running_mc mc(o);
    const auto sender = bound(mc.port(), command_id::bind_transmitter, "sid1");
    const auto receiver = bound(mc.port(), command_id::bind_receiver, "sid1");
    ASSERT_EQ(per_thread(log, "bound").size(), 2u);

    const auto submit = sender->submit(a_message("come back"));
    sender->send(submit);
    accepted_id(expect_pdu(*sender, command_id::submit_sm_resp), submit.sequence);
    const auto mo = expect_pdu(*receiver, command_id::deliver_sm);
    ASSERT_TRUE(mo);
    EXPECT_EQ(std::get<sm_body>(mo->body).short_message, "come back");
    acknowledge(*receiver, *mo);

    mc.stop();
    answer_unbind(*sender);
    answer_unbind(*receiver);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(McThreads, MoRateReachesAReceiverBoundOnlyOnTheOtherThread) {
    event_log log;
    auto o = two_threads();
    o.mo_rate = 50;
    running_mc mc(o);
    // The first thread, which makes the rate's MO, has only a transmitter.
    const auto transmitter = bound(mc.port(), command_id::bind_transmitter, "sid1");
    const auto receiver = bound(mc.port(), command_id::bind_receiver, "sid2");
    ASSERT_EQ(per_thread(log, "bound").size(), 2u);

    const auto mo = expect_pdu(*receiver, command_id::deliver_sm);
    ASSERT_TRUE(mo);
    EXPECT_EQ(std::get<sm_body>(mo->body).esm_class, 0);
}

TEST(McThreads, GracefulShutdownUnbindsEverySessionOnEveryThread) {
    event_log log;
    running_mc mc(two_threads());
    running_esme esme(esme_for(mc.port(), 4));
    ASSERT_TRUE(log.wait_for("mc", "bound", 4));

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 4);
    EXPECT_EQ(counts_of(per_thread(log, "unbind_sent")), (std::vector<std::size_t>{2, 2}));
    EXPECT_EQ(log.count("mc", "shutdown_complete"), 1u);
}

TEST(McThreads, SecondStopClosesTheSessionsOfEveryThreadAtOnce) {
    event_log log;
    auto o = two_threads();
    o.response_delay = 60s;  // the drain would wait for these
    o.drain_timeout = 30s;
    running_mc mc(o);
    std::vector<std::unique_ptr<raw_esme>> esmes;
    for (int n = 1; n <= 4; ++n) {
        esmes.push_back(bound(mc.port(), command_id::bind_transceiver, "sid" + std::to_string(n)));
        esmes.back()->send(esmes.back()->submit(a_message("owed")));
    }
    ASSERT_EQ(per_thread(log, "bound").size(), 2u);

    mc.stop();
    ASSERT_TRUE(log.wait_for("mc", "shutdown_started", 1));
    mc.stop();
    EXPECT_EQ(mc.wait(5s), mc_exit::unbind_timeout);
    EXPECT_EQ(counts_of(per_thread(log, "closed")), (std::vector<std::size_t>{2, 2}));
}

TEST(McThreads, SessionCapsCountTheSessionsOfBothThreads) {
    event_log log;
    auto o = two_threads();
    o.admission.max_sessions = 3;
    o.admission.max_sessions_per_system_id = 1;
    running_mc mc(o);
    const auto first = bound(mc.port(), command_id::bind_transceiver, "sid1");  // first thread
    raw_esme again(mc.port());                                                  // second thread
    EXPECT_EQ(again.bind(command_id::bind_transceiver, "sid1"), command_status::bind_failed);
    const auto second = bound(mc.port(), command_id::bind_transceiver, "sid2");
    const auto third = bound(mc.port(), command_id::bind_transceiver, "sid3");
    raw_esme fourth(mc.port());
    EXPECT_EQ(fourth.bind(command_id::bind_transceiver, "sid4"), command_status::bind_failed);
    std::vector<std::string> reasons;
    for (const auto& e : log.snapshot())
        if (e.role == "mc" && e.event == "bind_failed") reasons.push_back(e.reason);
    EXPECT_EQ(reasons, (std::vector<std::string>{"max_sessions_per_system_id", "max_sessions"}));
    EXPECT_EQ(per_thread(log, "bound").size(), 2u);
}

}  // namespace
}  // namespace smpp::test

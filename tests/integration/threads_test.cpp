// --threads: the sessions spread over several io_contexts, each on its own thread, against the
// real MC over loopback. Every message is reported once, in the index order one thread gives;
// receipts reach their message from a session of another thread; a stop unbinds every session
// of every thread; and the totals are the one-thread run's.
#include <numeric>

#include "shard_split.hpp"
#include "expect_unbinds.hpp"
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

using namespace traffic_support;

// Every session binds as one system_id, so the MC hands each receipt to any of them in turn:
// about half arrive on the other thread than their message's.
esme_options shared_system_id(esme_options o, unsigned threads) {
    o.system_id = "esme";
    o.password = "pw";
    o.threads = threads;
    return o;
}

std::vector<outgoing_message> asking_for_receipts(std::size_t n) {
    auto messages = numbered_messages(n);
    for (auto& m : messages) m.registered_delivery = 1;
    return messages;
}

struct outcome {
    traffic::summary summary;
    std::vector<report_line> report;
};

outcome run_with(unsigned threads, std::size_t messages) {
    event_log log;
    running_mc mc;
    traffic_run run;
    auto options = shared_system_id(run.options(mc.port(), 4, asking_for_receipts(messages)), threads);
    options.wait_receipts = 20s;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(30s), esme_exit::ok);
    expect_every_unbind_matched(log, 4);
    // Matched while the run lasts, not only in the summary: each thread's wait ends with its
    // last receipt, wherever that arrived.
    for (const auto& e : log.snapshot())
        if (e.event == "receipt_wait_done") EXPECT_EQ(e.reason, "complete") << e.msg;
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    if (!run.summary) {
        ADD_FAILURE() << "no summary";
        return {};
    }
    return {*run.summary, read_report(run.report)};
}

TEST(Threads, EveryMessageIsReportedOnceAndEveryReceiptMatchedAcrossThreads) {
    const auto r = run_with(2, 301);
    const auto& s = r.summary;
    EXPECT_EQ(s.messages, 301u) << s.to_text();
    EXPECT_EQ(s.accepted, 301u) << s.to_text();
    EXPECT_EQ(s.receipt.matched, 301u) << s.to_text();
    EXPECT_EQ(s.receipt.missing, 0u);
    EXPECT_EQ(s.receipt.unmatched + s.receipt.duplicate, 0u) << s.to_text();
    EXPECT_EQ(s.receipts, 301u);
    ASSERT_EQ(r.report.size(), 301u);
    std::set<std::string> ids;
    for (std::size_t i = 0; i < r.report.size(); ++i) {
        EXPECT_EQ(r.report[i].index, i);  // in index order, as one thread writes it
        EXPECT_EQ(r.report[i].outcome, "accepted");
        ids.insert(r.report[i].message_id);
    }
    EXPECT_EQ(ids.size(), 301u) << "a message_id reported twice";
}

TEST(Threads, TotalsAreTheOneThreadRunsTotals) {
    const auto one = run_with(1, 120), two = run_with(2, 120);
    for (const auto* s : {&one.summary, &two.summary}) {
        EXPECT_EQ(s->messages, 120u);
        expect_invariant(*s);
    }
    EXPECT_EQ(two.summary.accepted, one.summary.accepted);
    EXPECT_EQ(two.summary.submitted, one.summary.submitted);
    EXPECT_EQ(two.summary.parts_submitted, one.summary.parts_submitted);
    EXPECT_EQ(two.summary.receipts, one.summary.receipts);
    EXPECT_EQ(two.summary.receipt.matched, one.summary.receipt.matched);
    EXPECT_EQ(two.summary.receipt.by_state, one.summary.receipt.by_state);
    ASSERT_EQ(two.report.size(), one.report.size());
    for (std::size_t i = 0; i < one.report.size(); ++i) EXPECT_EQ(two.report[i].outcome, one.report[i].outcome);
}

TEST(Threads, AStopUnbindsEverySessionOnEveryThreadAtOnce) {
    event_log log;
    running_mc mc;
    auto options = shared_system_id(esme_for(mc.port(), 5), 3);
    options.synthetic_count = 1'000'000;  // still sending when the stop comes
    options.rate = 500;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "bound", 5));

    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 5);
    EXPECT_EQ(log.count("esme", "unbind_sent"), 5u);
    EXPECT_EQ(log.count("esme", "shutdown_complete"), 1u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// The split adds up to exactly what the flags asked: every session, message and the rate.
TEST(Threads, ShardsSplitSessionsMessagesAndRateExactly) {
    esme_options whole;
    whole.sessions = 5;
    whole.messages = numbered_messages(7);
    whole.synthetic_count = 10;
    whole.rate = 170;
    unsigned sessions = 0;
    std::uint64_t messages = 0;
    double rate = 0;
    for (unsigned k = 0; k < 3; ++k) {
        const auto o = esme::shard_options(whole, k, 3);
        sessions += o.sessions;
        messages += o.messages.size() + o.synthetic_count;
        rate += o.rate;
        // Shard k holds messages k, k + 3, ...: its first listed one is message k.
        EXPECT_EQ(message_number(sm_body{.short_message = o.messages.front().text}), k);
        EXPECT_FALSE(o.handle_signals);
        EXPECT_FALSE(o.duration);
    }
    EXPECT_EQ(sessions, 5u);
    EXPECT_EQ(messages, 17u);
    EXPECT_DOUBLE_EQ(rate, 170);
}

}  // namespace
}  // namespace smpp::test

// Receipts as results, end to end over loopback: matched after the traffic is over while the
// ESME waits for them (--wait-receipts), matched on another session than their message's, in
// every variant MCs send, and the summary that counts them.
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

using namespace traffic_support;

std::vector<outgoing_message> asking_for_receipts(std::size_t n) {
    auto messages = numbered_messages(n);
    for (auto& m : messages) m.registered_delivery = 1;
    return messages;
}

// Receipts counted in `state`; zero when none, so a failure reads as a count, not an exception.
std::uint64_t in_state(const traffic::receipt_summary& r, const std::string& state) {
    const auto it = r.by_state.find(state);
    return it == r.by_state.end() ? 0 : it->second;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> report_lines(const std::string& path) {
    std::vector<std::string> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

TEST(Receipts, ComingAfterTheTrafficIsOverAreWaitedForAndMatched) {
    event_log log;
    mc_options mo;
    mo.receipt_delay = 1500ms;  // far longer than the traffic takes
    running_mc mc(mo);
    traffic_run run;
    auto options = run.options(mc.port(), 2, asking_for_receipts(40));
    options.wait_receipts = 20s;
    options.summary_json_path = run.dir.file("summary.json");
    const auto started = clock_type::now();
    running_esme esme(options);

    const auto code = esme.wait(30s);
    if (code != esme_exit::ok)
        for (const auto& e : log.snapshot()) std::cerr << e.role << " " << e.event << " " << e.msg << "\n";
    ASSERT_EQ(code, esme_exit::ok);
    EXPECT_LT(clock_type::now() - started, 15s) << "the wait ends with the last receipt, not at its limit";
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.accepted, 40u) << s.to_text();
    EXPECT_EQ(s.receipt.expected, 40u);
    EXPECT_EQ(s.receipt.matched, 40u) << s.to_text();
    EXPECT_EQ(s.receipt.missing, 0u);
    EXPECT_EQ(s.receipt.unmatched + s.receipt.duplicate + s.receipt.unparsable, 0u);
    EXPECT_EQ(in_state(s.receipt, "DELIVRD"), 40u);
    EXPECT_GE(s.receipt.p50, 1400ms);
    EXPECT_EQ(log.count("esme", "receipt_wait_started"), 1u);

    for (const auto& line : report_lines(run.report)) {
        EXPECT_EQ(json_field(line, "receipt_state"), "DELIVRD") << line;
        EXPECT_GE(std::stoul(json_field(line, "receipt_ms")), 1400u) << line;
        EXPECT_EQ(json_field(line, "outcome"), "accepted") << line;  // the old fields stay
    }
    const auto json = slurp(options.summary_json_path);
    EXPECT_NE(json.find("\"accepted\":40,"), std::string::npos) << json;
    EXPECT_NE(json.find("\"matched\":40,"), std::string::npos) << json;
    EXPECT_NE(json.find("\"missing\":0,"), std::string::npos) << json;
    EXPECT_NE(json.find("\"by_state\":{\"DELIVRD\":40}"), std::string::npos) << json;
    for (const auto& problem : unmatched_unbinds(log.snapshot())) ADD_FAILURE() << problem;
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Receipts, AStopDuringTheWaitUnbindsAtOnceAndFailOnNoReceiptSaysSo) {
    event_log log;
    mc_options mo;
    mo.receipt_delay = 60s;  // never within the test
    running_mc mc(mo);
    traffic_run run;
    auto options = run.options(mc.port(), 1, asking_for_receipts(3));
    options.wait_receipts = 60s;
    options.fail_on.no_receipt = true;
    running_esme esme(options);

    ASSERT_TRUE(log.wait_for("esme", "receipt_wait_started", 1));
    const auto stopped = clock_type::now();
    esme.stop();
    EXPECT_EQ(esme.wait(10s), esme_exit::checks_failed);
    EXPECT_LT(clock_type::now() - stopped, 5s);
    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->receipt.missing, 3u);
    for (const auto& line : report_lines(run.report)) EXPECT_EQ(json_field(line, "receipt"), "none") << line;
    for (const auto& problem : unmatched_unbinds(log.snapshot())) ADD_FAILURE() << problem;
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Receipts, AReceiverOnlyRunPrintsItsSummaryToo) {
    running_mc mc;
    traffic_run run;
    auto options = run.options(mc.port(), 1, {});
    options.mode = bind_type::receiver;
    options.duration = 300ms;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->messages, 0u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Receipts, RateAndDurationWithoutACountSendUntilTheEnd) {
    running_mc mc;
    traffic_run run;
    auto options = run.options(mc.port(), 2, {});
    options.synthetic = {.from = "1", .to = "2", .text = "paced"};
    options.rate = 40;
    options.duration = 1s;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_GE(s.accepted, 25u) << s.to_text();
    EXPECT_LE(s.accepted, 45u) << s.to_text();
    EXPECT_EQ(s.not_sent, 0u) << "what the duration left unsent was never asked for";
    EXPECT_EQ(s.messages, s.accepted + s.rejected + s.timed_out);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

}  // namespace
}  // namespace smpp::test

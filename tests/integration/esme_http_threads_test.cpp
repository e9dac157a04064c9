// smpp-esme --http with --threads 2: GET /status and GET /metrics show the whole run, every
// thread's sessions merged, exactly as a --threads 1 run of the same sessions shows them; POST
// /stop is the stop a SIGINT gives a run over threads. The MC delays its receipts beyond the
// test, so once every submit is answered the run waits for receipts with its counts still, and
// the pages can be compared with the run's real totals.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "esme_threads.hpp"
#include "expect_unbinds.hpp"
#include "harness.hpp"
#include "http_client.hpp"
#include "poll.hpp"
#include "shard_split.hpp"

namespace smpp::test {
namespace {

constexpr unsigned sessions = 4;
constexpr std::uint64_t messages = 200;

// "name{labels}" -> value, every sample of a Prometheus text page.
std::map<std::string, double> samples(const std::string& page) {
    std::map<std::string, double> out;
    std::istringstream in(page);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

double sum_of(const std::map<std::string, double>& s, const std::string& name, const std::string& has) {
    double total = 0;
    for (const auto& [key, value] : s)
        if (key.starts_with(name + "{") && key.find(has) != std::string::npos) total += value;
    return total;
}

struct watched_run {
    nlohmann::json status;
    std::string metrics;
};

// A run of `sessions` sessions over `threads` threads with --http, watched once every submit is
// answered, then stopped by POST /stop.
watched_run watch(unsigned threads) {
    event_log events;
    mc_options mo;
    mo.receipt_delay = std::chrono::minutes(10);  // no receipt during the test: the counts stay still
    running_mc mc(mo);
    auto o = esme_for(mc.port(), sessions);
    o.threads = threads;
    o.synthetic = outgoing_message{.from = "123", .to = "456", .text = "watched", .registered_delivery = 1};
    o.synthetic_count = messages;
    o.wait_receipts = std::chrono::minutes(1);  // keeps the run bound once the traffic is done
    std::promise<std::uint16_t> listening;
    o.http = cli::http::options{.host = "127.0.0.1", .port = 0, .token = {}, .role = "esme",
                                .on_listening = [&listening](std::uint16_t p) { listening.set_value(p); }};
    running_esme esme(std::move(o));
    auto port_now = listening.get_future();
    if (port_now.wait_for(10s) != std::future_status::ready) {
        ADD_FAILURE() << "no HTTP port";
        return {};
    }
    const auto port = port_now.get();

    watched_run seen;
    const bool settled = poll_until(10s, [&] {
        const auto a = http_call(port, "GET", "/status");
        if (a.status != 200) return false;
        seen.status = nlohmann::json::parse(a.body);
        return seen.status["totals"]["accepted"].get<std::uint64_t>() == messages &&
               seen.status["sessions"].size() == sessions &&
               std::all_of(seen.status["sessions"].begin(), seen.status["sessions"].end(),
                           [](const nlohmann::json& s) { return s["state"] == "BOUND_TRX" && s["in_flight"] == 0; });
    });
    EXPECT_TRUE(settled) << "threads " << threads << ": " << seen.status.dump();
    const auto m = http_call(port, "GET", "/metrics");
    EXPECT_EQ(m.status, 200u);
    seen.metrics = m.body;

    const auto stop = http_call(port, "POST", "/stop");
    EXPECT_EQ(stop.status, 202u) << stop.body;
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(events, sessions);
    EXPECT_EQ(events.count("esme", "forced_close"), 0u);
    EXPECT_EQ(events.count("esme", "shutdown_complete"), 1u);
    EXPECT_EQ(events.count("esme", "shutdown_started"), threads);  // once per thread, at once
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    return seen;
}

TEST(esme_http_threads, status_and_metrics_show_every_thread_and_post_stop_ends_the_run) {
    const auto run = watch(2);

    // GET /status: every session of both threads, by its number, with its own counts.
    const auto& s = run.status;
    ASSERT_EQ(s["sessions"].size(), sessions) << s.dump();
    std::uint64_t sent = 0, accepted = 0;
    for (unsigned i = 0; i < sessions; ++i) {
        const auto& one = s["sessions"][i];
        EXPECT_EQ(one["session"], i + 1) << s.dump();
        EXPECT_EQ(one["system_id"], "sid" + std::to_string(i + 1));
        EXPECT_EQ(one["state"], "BOUND_TRX");
        // Sessions 1-2 are thread 0's, 3-4 thread 1's: each sent its share.
        EXPECT_GT(one["accepted"].get<std::uint64_t>(), 0u) << "session " << i + 1 << ": " << s.dump();
        EXPECT_EQ(one["sent"], one["accepted"]);
        EXPECT_EQ(one["latency_ms"]["count"], one["accepted"]);
        sent += one["sent"].get<std::uint64_t>();
        accepted += one["accepted"].get<std::uint64_t>();
    }
    EXPECT_EQ(sent, messages);
    EXPECT_EQ(accepted, messages);
    EXPECT_EQ(s["totals"]["parts_sent"], messages);
    EXPECT_EQ(s["totals"]["accepted"], messages);
    EXPECT_EQ(s["stopping"], false);

    // GET /metrics: the run's real totals, and a series for every session of both threads.
    const auto m = samples(run.metrics);
    EXPECT_EQ(m.at("smpp_esme_pdus_total{direction=\"out\",command=\"submit_sm\"}"), messages) << run.metrics;
    EXPECT_EQ(m.at("smpp_esme_pdus_total{direction=\"in\",command=\"submit_sm_resp\"}"), messages);
    EXPECT_EQ(m.at("smpp_esme_pdus_total{direction=\"out\",command=\"bind_transceiver\"}"), sessions);
    EXPECT_EQ(m.at("smpp_esme_bind_responses_total{status=\"ESME_ROK\"}"), sessions);
    EXPECT_EQ(m.at("smpp_esme_submission_responses_total{status=\"ESME_ROK\"}"), messages);
    EXPECT_EQ(m.at("smpp_esme_sessions{state=\"BOUND_TRX\"}"), sessions);
    EXPECT_EQ(sum_of(m, "smpp_esme_submits_total", "outcome=\"sent\""), messages);
    EXPECT_EQ(sum_of(m, "smpp_esme_submits_total", "outcome=\"accepted\""), messages);
    EXPECT_EQ(sum_of(m, "smpp_esme_submit_latency_seconds_count", ""), messages);
    for (unsigned n = 1; n <= sessions; ++n) {
        const auto label = "{session=\"" + std::to_string(n) + "\"}";
        EXPECT_EQ(m.at("smpp_esme_submits_total{session=\"" + std::to_string(n) + "\",outcome=\"sent\"}"),
                  s["sessions"][n - 1]["sent"].get<double>());
        EXPECT_EQ(m.at("smpp_esme_submit_latency_seconds_count" + label), s["sessions"][n - 1]["accepted"].get<double>());
        EXPECT_EQ(m.at("smpp_esme_in_flight" + label), 0);
    }
}

// The same sessions on one thread: the same series, and the same totals.
TEST(esme_http_threads, metrics_over_two_threads_are_the_one_thread_runs_series) {
    const auto one = samples(watch(1).metrics);
    const auto two = samples(watch(2).metrics);
    ASSERT_FALSE(one.empty());
    std::set<std::string> keys_one, keys_two;
    for (const auto& [k, v] : one) keys_one.insert(k);
    for (const auto& [k, v] : two) keys_two.insert(k);
    EXPECT_EQ(keys_one, keys_two);
    // Everything but time and how the messages fell to the sessions is the same number.
    for (const auto& [k, v] : one) {
        if (k.starts_with("smpp_esme_uptime") || k.starts_with("smpp_esme_submit_latency_seconds") ||
            k.starts_with("smpp_esme_octets") || k.find("session=\"") != std::string::npos)
            continue;
        if (two.contains(k)) {
            EXPECT_EQ(v, two.at(k)) << k;
        }
    }
    EXPECT_EQ(sum_of(one, "smpp_esme_submits_total", "outcome=\"accepted\""),
              sum_of(two, "smpp_esme_submits_total", "outcome=\"accepted\""));
}

// A thread that does not answer in time makes the answer a 503 naming it: here thread 1's
// io_context never runs, thread 0's does.
TEST(esme_http_threads, a_thread_that_does_not_answer_is_named_in_a_503) {
    auto whole = esme_for(1, 3);
    std::vector<std::unique_ptr<esme::shard>> shards;
    for (unsigned k = 0; k < 2; ++k)
        shards.push_back(std::make_unique<esme::shard>(
            esme::shard_options(whole, k, 2),
            esme::shard_link{.index = k, .first_session = k == 0 ? 1u : 3u, .traffic_done = {}, .receipts_done = {},
                             .pass_on = {}, .watched = true}));
    auto guard = net::asio::make_work_guard(shards[0]->io);
    std::thread runs_0([&] { shards[0]->io.run(); });

    try {
        esme::gather_snapshots(shards, 200ms);
        ADD_FAILURE() << "no 503";
    } catch (const cli::http::http_error& e) {
        EXPECT_EQ(e.status, 503u);
        EXPECT_STREQ(e.what(), "thread 1 (sessions 3..3) did not answer within 200 ms");
    }

    // Both answering: a snapshot from each (no session started, so none listed yet).
    auto guard_1 = net::asio::make_work_guard(shards[1]->io);
    std::thread runs_1([&] { shards[1]->io.run(); });
    const auto got = esme::gather_snapshots(shards, 2000ms);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(got[0] && got[1]);
    guard.reset();
    guard_1.reset();
    runs_0.join();
    runs_1.join();
}

}  // namespace
}  // namespace smpp::test

// smpp-esme's HTTP endpoints in-process: GET /status and GET /metrics while a run goes on,
// POST /stop as the graceful stop, the token on the mutating request, 404 and 405 (#10).
#include <gtest/gtest.h>

#include <future>

#include <nlohmann/json.hpp>

#include "poll.hpp"
#include "harness.hpp"
#include "http_client.hpp"
#include "smpp/cli/metrics.hpp"

namespace smpp::test {
namespace {

struct esme_with_http {
    explicit esme_with_http(std::uint16_t mc_port, std::string token = {}) {
        auto o = esme_for(mc_port, 2);
        // Paced, so the run lasts long enough to be watched (about 20 s unless stopped).
        o.synthetic = outgoing_message{.from = "123", .to = "456", .text = "watched", .registered_delivery = 1};
        o.synthetic_count = 2000;
        o.rate = 100;
        o.http = cli::http::options{.host = "127.0.0.1", .port = 0, .token = std::move(token), .role = "esme",
                                    .on_listening = [this](std::uint16_t p) { listening.set_value(p); }};
        esme.emplace(std::move(o));
        auto port_now = listening.get_future();
        if (port_now.wait_for(10s) == std::future_status::ready) port = port_now.get();
    }
    std::promise<std::uint16_t> listening;
    std::optional<running_esme> esme;
    std::uint16_t port = 0;
};

// Polls /status (the state has no event to wait on from outside) until `done` or 10 s.
template <class Pred>
nlohmann::json status_when(std::uint16_t port, Pred done) {
    nlohmann::json s;
    poll_until(10s, [&] {
        const auto a = http_call(port, "GET", "/status");
        if (a.status == 200) s = nlohmann::json::parse(a.body);
        return a.status == 200 && done(s);
    });
    return s;
}

TEST(esme_http, status_and_metrics_while_the_run_goes_on_then_post_stop_ends_it_cleanly) {
    event_log events;
    running_mc mc;
    esme_with_http e(mc.port());
    ASSERT_NE(e.port, 0);
    ASSERT_TRUE(events.wait_for("esme", "bound", 2));

    const auto s = status_when(e.port, [](const nlohmann::json& j) { return j["totals"]["accepted"].get<int>() >= 20; });
    ASSERT_EQ(s["sessions"].size(), 2u) << s.dump();
    EXPECT_EQ(s["sessions"][1]["system_id"], "sid2");
    EXPECT_EQ(s["sessions"][0]["state"], "BOUND_TRX");
    std::uint64_t accepted = 0;
    for (const auto& one : s["sessions"]) accepted += one["accepted"].get<std::uint64_t>();
    EXPECT_GE(accepted, 20u) << s.dump();

    const auto m = http_call(e.port, "GET", "/metrics");
    ASSERT_EQ(m.status, 200u);
    EXPECT_EQ(m.headers.at("content-type"), cli::metrics::content_type);
    EXPECT_NE(m.body.find("# TYPE smpp_esme_submits_total counter"), std::string::npos) << m.body;
    EXPECT_NE(m.body.find("smpp_esme_pdus_total{direction=\"out\",command=\"submit_sm\"}"), std::string::npos);
    EXPECT_NE(m.body.find("smpp_esme_bind_responses_total{status=\"ESME_ROK\"} 2\n"), std::string::npos);
    EXPECT_NE(m.body.find("smpp_esme_submit_latency_seconds_count{session=\"1\"}"), std::string::npos);

    const auto stop = http_call(e.port, "POST", "/stop");
    EXPECT_EQ(stop.status, 202u) << stop.body;
    EXPECT_EQ(e.esme->wait(), esme_exit::ok);
    EXPECT_TRUE(unmatched_unbinds(events.snapshot()).empty());
    EXPECT_EQ(events.count("esme", "forced_close"), 0u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(esme_http, stop_needs_the_token_and_unknown_paths_and_methods_are_refused) {
    running_mc mc;
    esme_with_http e(mc.port(), "s3cret");
    ASSERT_NE(e.port, 0);
    EXPECT_EQ(http_call(e.port, "POST", "/stop").status, 401u);
    EXPECT_EQ(http_call(e.port, "POST", "/stop", {}, "wrong").status, 401u);
    EXPECT_EQ(http_call(e.port, "GET", "/nothing").status, 404u);
    EXPECT_EQ(http_call(e.port, "GET", "/stop").status, 405u);
    EXPECT_EQ(http_call(e.port, "DELETE", "/status", {}, "s3cret").status, 405u);  // the token is asked first
    EXPECT_EQ(http_call(e.port, "GET", "/status").status, 200u);  // reading needs no token
    EXPECT_EQ(http_call(e.port, "POST", "/stop", {}, "s3cret").status, 202u);
    EXPECT_EQ(e.esme->wait(), esme_exit::ok);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

}  // namespace
}  // namespace smpp::test

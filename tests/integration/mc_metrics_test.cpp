// smpp-mc's GET /metrics in-process: sessions by system_id folded into "other" beyond
// --metrics-max-system-ids, binds refused by reason, PDUs by command, latency (#10).
#include <gtest/gtest.h>

#include <future>

#include "poll.hpp"
#include "harness.hpp"
#include "http_client.hpp"
#include "smpp/cli/metrics.hpp"

namespace smpp::test {
namespace {

TEST(mc_metrics, sessions_by_system_id_fold_into_other_and_refused_binds_say_why) {
    event_log events;
    std::promise<std::uint16_t> http_port;
    mc_options o;
    o.credentials = {{"sid1", "pass1"}, {"sid2", "pass2"}};
    o.allow_any_bind = false;
    o.metrics_max_system_ids = 1;
    o.http = cli::http::options{.host = "127.0.0.1", .port = 0,
                                .on_listening = [&](std::uint16_t p) { http_port.set_value(p); }};
    running_mc mc(std::move(o));
    const auto port = http_port.get_future().get();

    {
        raw_esme stranger(mc.port());
        EXPECT_EQ(stranger.bind(command_id::bind_transmitter, "sid1", "wrong"), command_status::invalid_password);
    }
    running_esme esme(esme_for(mc.port(), 2));  // sid1 and sid2, bound until stopped
    ASSERT_TRUE(events.wait_for("esme", "bound", 2));
    std::optional<raw_esme> hand(std::in_place, mc.port());
    auto& submitter = *hand;
    ASSERT_EQ(submitter.bind(command_id::bind_transmitter, "sid1", "pass1"), command_status::ok);
    for (int i = 0; i < 10; ++i) {
        submitter.send(submitter.submit(sm_body{.source_addr = "1", .destination_addr = "2", .short_message = "counted"}));
        const auto answer = submitter.receive();
        ASSERT_TRUE(answer && answer->id == command_id::submit_sm_resp);
    }

    // The 10 submits are answered on their way; wait for the last answer's count.
    // The MC counts a response when its write completes, which may come after the peer has read
    // it, and only /metrics can tell.
    http_reply m;
    poll_until(10s, [&] {
        m = http_call(port, "GET", "/metrics");
        return m.body.find("smpp_mc_submission_responses_total{status=\"ESME_ROK\"} 10\n") != std::string::npos;
    });
    ASSERT_EQ(m.status, 200u);
    EXPECT_EQ(m.headers.at("content-type"), cli::metrics::content_type);
    const auto has = [&](const std::string& line) { return m.body.find(line) != std::string::npos; };
    EXPECT_TRUE(has("smpp_mc_submission_responses_total{status=\"ESME_ROK\"} 10\n")) << m.body;
    EXPECT_TRUE(has("smpp_mc_pdus_total{direction=\"in\",command=\"submit_sm\"} 10\n")) << m.body;
    EXPECT_TRUE(has("smpp_mc_bind_responses_total{status=\"ESME_ROK\"} 3\n")) << m.body;
    EXPECT_TRUE(has("smpp_mc_bind_responses_total{status=\"ESME_RINVPASWD\"} 1\n")) << m.body;
    // One system_id keeps its label, the other folds into "other", whichever was seen first.
    EXPECT_TRUE(has("smpp_mc_sessions_bound{system_id=\"other\",bind_mode=")) << m.body;
    EXPECT_TRUE(has("smpp_mc_sessions_bound{system_id=\"sid1\",") != has("smpp_mc_sessions_bound{system_id=\"sid2\","))
        << m.body;
    EXPECT_TRUE(has("smpp_mc_messages_total{state=\"enroute\"} 10\n")) << m.body;
    EXPECT_TRUE(has("smpp_mc_response_latency_seconds_count 10\n")) << m.body;
    EXPECT_TRUE(has("smpp_mc_store_messages 10\n")) << m.body;
    EXPECT_EQ(http_call(port, "POST", "/metrics").status, 405u);

    hand.reset();  // gone before the MC stops: an unbind it would never answer
    EXPECT_TRUE(events.wait_for("mc", "closed", 2));
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

}  // namespace
}  // namespace smpp::test

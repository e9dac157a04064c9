// Dead, slow and hostile peers: the ESME talks to the real MC through a proxy that stalls,
// slices, drops or resets the connection mid-traffic. Each test checks that nothing crashes,
// that it ends within a bound, that the ESME reports nothing as accepted that the MC did not
// answer, and that a session next to the broken one carries on.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>

#include "fault_proxy.hpp"
#include "harness.hpp"

namespace smpp::test {
namespace {

using clock_type = std::chrono::steady_clock;

// An ESME run with its summary and the outcome counts of its --report.
struct observed_esme {
    explicit observed_esme(esme_options o, std::string tag) : report("/tmp/smpp-fault-" + tag + "-" + std::to_string(::getpid()) + ".jsonl") {
        o.report_path = report;
        o.on_summary = [this](const traffic::summary& s) { summary = s; };
        esme.emplace(std::move(o));
    }
    ~observed_esme() { std::remove(report.c_str()); }

    // How many report lines carry each "outcome".
    std::map<std::string, std::size_t> outcomes() const {
        std::map<std::string, std::size_t> counts;
        std::ifstream in(report);
        const std::string key = "\"outcome\":\"";
        for (std::string line; std::getline(in, line);) {
            const auto at = line.find(key);
            if (at != std::string::npos) ++counts[line.substr(at + key.size(), line.find('"', at + key.size()) - at - key.size())];
        }
        return counts;
    }

    std::string report;
    std::optional<traffic::summary> summary;  // written on the ESME thread before run() returns
    std::optional<running_esme> esme;
};

esme_options traffic_options(std::uint16_t port, const std::string& id, std::size_t messages) {
    auto o = esme_for(port, 1);
    o.system_id = id + "{n}";
    o.messages.assign(messages, outgoing_message{.from = "12345", .to = "67890", .text = "fault test"});
    o.window = 5;
    return o;
}

// An MC that holds every submit_sm_resp long enough for a fault injected just after the bind to
// land before any answer: so no message may end up accepted.
mc_options slow_mc() {
    mc_options o;
    o.response_delay = 1500ms;
    o.drain_timeout = 0ms;
    return o;
}

void expect_consistent(const observed_esme& run, std::size_t messages) {
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, messages);
    EXPECT_EQ(s.messages, s.accepted + s.rejected + s.timed_out + s.not_sent) << s.to_text();
    const auto counts = run.outcomes();
    EXPECT_EQ(counts.count("accepted") ? counts.at("accepted") : 0u, s.accepted);
    EXPECT_EQ(counts.count("timeout") ? counts.at("timeout") : 0u, s.timed_out);
    EXPECT_EQ(counts.count("not_sent") ? counts.at("not_sent") : 0u, s.not_sent);
}

// The reason of the last "closed" an ESME session logged.
std::string closed_reason(const event_log& log, const std::string& system_id) {
    std::string reason;
    for (const auto& e : log.snapshot())
        if (e.role == "esme" && e.system_id == system_id && e.event == "closed") reason = e.reason;
    return reason;
}

// The fault hits session "a1" (through the proxy) once it is bound; "b1", bound straight to the
// same MC, must finish every message as if nothing happened, and the MC must shut down cleanly.
void lost_mid_traffic(const std::function<void(fault_proxy&)>& fault, const std::string& reason_a,
                      const std::string& tag) {
    event_log log;
    running_mc mc(slow_mc());
    fault_proxy proxy(mc.port());
    observed_esme a(traffic_options(proxy.port(), "a", 10), tag + "-a");
    observed_esme b(traffic_options(mc.port(), "b", 10), tag + "-b");
    ASSERT_TRUE(log.wait_for("esme", "bound", 2));
    const auto fault_at = clock_type::now();
    fault(proxy);

    EXPECT_EQ(a.esme->wait(5s), esme_exit::connection_lost);
    EXPECT_LT(clock_type::now() - fault_at, 3s) << "the loss must be noticed within the configured bounds";
    expect_consistent(a, 10);
    EXPECT_EQ(a.summary->accepted, 0u) << "the MC answered nothing before the fault";
    // A window's worth was in flight (unconfirmed: timeout), unless the fault came before the
    // submits were written: then the MC cannot have them, and they are not_sent (issue #12).
    EXPECT_LE(a.summary->timed_out, 5u) << "at most a window's worth was in flight";
    EXPECT_EQ(a.summary->timed_out + a.summary->not_sent, 10u);
    EXPECT_EQ(closed_reason(log, "a1"), reason_a);

    EXPECT_EQ(b.esme->wait(10s), esme_exit::ok);
    expect_consistent(b, 10);
    EXPECT_EQ(b.summary->accepted, 10u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Fault, DroppedConnectionEndsTheSessionWithEveryInFlightMessageUnconfirmed) {
    lost_mid_traffic([](fault_proxy& p) { p.drop_all(); }, "peer_closed", "drop");
}

TEST(Fault, ResetConnectionEndsTheSessionWithEveryInFlightMessageUnconfirmed) {
    lost_mid_traffic([](fault_proxy& p) { p.reset_all(); }, "peer_closed", "reset");
}

// The proxy goes silent both ways once "a1" is bound; `detect` sets how the ESME notices.
void stalled_mc(const std::function<void(esme_options&)>& detect, const std::string& reason, const std::string& tag) {
    event_log log;
    running_mc mc(slow_mc());
    fault_proxy proxy(mc.port());
    auto o = traffic_options(proxy.port(), "a", 10);
    detect(o);
    observed_esme a(o, tag);
    ASSERT_TRUE(log.wait_for("esme", "bound", 1));
    proxy.set_mode(fault_proxy::mode::stall);

    EXPECT_EQ(a.esme->wait(5s), esme_exit::connection_lost);
    EXPECT_EQ(closed_reason(log, "a1"), reason);
    expect_consistent(a, 10);
    EXPECT_EQ(a.summary->accepted, 0u);
    proxy.drop_all();  // so the MC's session ends now, not at its own unbind timeout
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Fault, StalledMcIsDeclaredDeadByTheKeepalive) {
    stalled_mc(
        [](esme_options& o) {
            o.enquire_link_interval = 200ms;
            o.response_timeout = 1s;
        },
        "enquire_link_timeout", "stall-keepalive");
}

TEST(Fault, StalledMcIsDeclaredDeadByTheInactivityTimeoutWithTheKeepaliveOff) {
    stalled_mc(
        [](esme_options& o) {
            o.enquire_link_interval = 0ms;
            o.inactivity_timeout = 400ms;
            o.response_timeout = 3s;  // so the submits' timeouts cannot end the run first
        },
        "inactivity_timeout", "stall-inactivity");
}

TEST(Fault, BytesArrivingOneAtATimeStillMakeWholePdusBothWays) {
    event_log log;
    running_mc mc;
    fault_proxy proxy(mc.port());
    proxy.set_mode(fault_proxy::mode::slice);
    auto o = traffic_options(proxy.port(), "a", 40);
    o.sessions = 2;
    observed_esme a(o, "slice");
    EXPECT_EQ(a.esme->wait(20s), esme_exit::ok);
    expect_consistent(a, 40);
    EXPECT_EQ(a.summary->accepted, 40u);
    EXPECT_EQ(proxy.accepted(), 2u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// ---- reconnect -------------------------------------------------------------------------------

TEST(Reconnect, LostSessionBindsAgainAndSendsWhatWasNotSentYet) {
    event_log log;
    mc_options m;
    m.response_delay = 300ms;
    running_mc mc(m);
    fault_proxy proxy(mc.port());
    auto o = traffic_options(proxy.port(), "a", 20);
    o.reconnect = true;
    observed_esme a(o, "reconnect");
    ASSERT_TRUE(log.wait_for("esme", "bound", 1));
    proxy.drop_all();

    EXPECT_EQ(a.esme->wait(10s), esme_exit::ok) << "the session came back and unbound cleanly";
    EXPECT_GE(log.count("esme", "reconnecting"), 1u);
    EXPECT_EQ(log.count("esme", "bound"), 2u);
    expect_consistent(a, 20);
    const auto& s = *a.summary;
    EXPECT_EQ(s.not_sent, 0u);
    EXPECT_EQ(s.rejected, 0u);
    EXPECT_LE(s.timed_out, 5u) << "only what was in flight at the drop is unconfirmed; it is not sent twice";
    EXPECT_EQ(s.accepted + s.timed_out, 20u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// A reconnecting ESME whose MC becomes unreachable once the session is bound: the proxy's
// listener goes away, so every attempt is refused.
struct unreachable_after_bind {
    explicit unreachable_after_bind(const std::function<void(esme_options&)>& configure) {
        auto o = esme_for(proxy->port(), 1);
        o.reconnect = true;
        configure(o);
        esme.emplace(o);
        EXPECT_TRUE(log.wait_for("esme", "bound", 1));
        proxy.reset();
    }
    ~unreachable_after_bind() {
        mc.stop();
        EXPECT_EQ(mc.wait(), mc_exit::ok);
    }

    event_log log;
    running_mc mc;
    std::unique_ptr<fault_proxy> proxy = std::make_unique<fault_proxy>(mc.port());
    std::optional<running_esme> esme;
};

TEST(Reconnect, GivesUpAtTheReconnectTimeoutWithExitFive) {
    unreachable_after_bind run([](esme_options& o) {
        o.reconnect_max_delay = 200ms;
        o.reconnect_timeout = 1s;
    });
    const auto lost_at = clock_type::now();
    EXPECT_EQ(run.esme->wait(5s), esme_exit::connection_lost);
    EXPECT_LT(clock_type::now() - lost_at, 2s);
    EXPECT_EQ(run.log.count("esme", "reconnect_gave_up"), 1u);
    EXPECT_GE(run.log.count("esme", "reconnecting"), 3u);
}

TEST(Reconnect, StopDuringTheBackOffIsPrompt) {
    unreachable_after_bind run([](esme_options& o) { o.reconnect_max_delay = 30s; });
    // The fifth pause is 1.6 s: stop in the middle of it.
    ASSERT_TRUE(run.log.wait_for("esme", "reconnecting", 5));
    const auto stopped_at = clock_type::now();
    run.esme->stop();
    EXPECT_EQ(run.esme->wait(5s), esme_exit::connection_lost) << "stopped while lost is still lost";
    EXPECT_LT(clock_type::now() - stopped_at, 500ms);
}

TEST(Reconnect, CredentialsTheMcNowRefusesEndTheRetriesAtOnce) {
    event_log log;
    running_mc mc;
    mc_options strict;
    strict.credentials = {{"sid1", "rotated"}};  // the ESME binds as sid1 / pass1
    running_mc rotated(strict);
    fault_proxy proxy(mc.port());
    auto o = esme_for(proxy.port(), 1);
    o.reconnect = true;
    o.reconnect_timeout = 30s;  // only the refusal can end it soon
    running_esme esme(o);
    ASSERT_TRUE(log.wait_for("esme", "bound", 1));
    proxy.retarget(rotated.port());
    const auto lost_at = clock_type::now();
    proxy.drop_all();
    EXPECT_EQ(esme.wait(5s), esme_exit::connection_lost);
    EXPECT_LT(clock_type::now() - lost_at, 3s);
    EXPECT_EQ(log.count("esme", "reconnect_gave_up"), 1u);
    EXPECT_EQ(log.count("mc", "bind_failed"), 1u) << "one refused bind, not one per back-off";
    mc.stop();
    rotated.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(rotated.wait(), mc_exit::ok);
}

// ---- the MC against an oversized PDU ---------------------------------------------------------

TEST(MaxPduSize, OversizedCommandLengthIsNackedAndClosedWhileOtherSessionsCarryOn) {
    event_log log;
    mc_options m;
    m.max_pdu_size = 1024;
    m.unbind_timeout = 200ms;  // the raw sessions never answer unbind
    running_mc mc(m);
    raw_esme bad(mc.port()), good(mc.port());
    ASSERT_EQ(bad.bind(command_id::bind_transceiver, "bad"), command_status::ok);
    ASSERT_EQ(good.bind(command_id::bind_transceiver, "good"), command_status::ok);

    // Over 1024 octets: refused from its header, before the MC buffers the body.
    sm_body body{.source_addr = "1", .destination_addr = "2"};
    body.tlvs.push_back({tag::message_payload, std::string(1000, 'x')});
    const pdu big = bad.submit(std::move(body));
    bad.send(big);
    const auto nack = bad.receive();
    ASSERT_TRUE(nack.has_value());
    EXPECT_EQ(nack->id, command_id::generic_nack);
    EXPECT_EQ(nack->status, command_status::invalid_cmd_length);
    EXPECT_EQ(nack->sequence, big.sequence);
    // Nothing after the nack but the end of the connection: a deadline passing is not enough.
    const auto nacked_at = clock_type::now();
    EXPECT_FALSE(bad.receive(2s).has_value()) << "the MC sends nothing after the nack";
    EXPECT_TRUE(bad.peer_closed()) << "the MC must close the session after the nack, not leave it open";
    EXPECT_LT(clock_type::now() - nacked_at, 2s);

    good.send(good.submit({.source_addr = "1", .destination_addr = "2", .short_message = "still here"}));
    const auto resp = good.receive();
    ASSERT_TRUE(resp.has_value());
    EXPECT_EQ(resp->id, command_id::submit_sm_resp);
    EXPECT_EQ(resp->status, command_status::ok);
    raw_esme late(mc.port());
    EXPECT_EQ(late.bind(command_id::bind_transceiver, "late"), command_status::ok);
    mc.stop();
    EXPECT_TRUE(mc.wait().has_value());
}

}  // namespace
}  // namespace smpp::test

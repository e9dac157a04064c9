// TLS end to end (issue #4): the real MC and ESME in one process over loopback, with
// certificates made at test time. The SMPP paths must not change under TLS; the handshake's
// failures must end one connection cleanly, never the MC.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>

#include "expect_unbinds.hpp"
#include "harness.hpp"
#include "test_pki.hpp"

namespace smpp::test {
namespace {

using clock_type = std::chrono::steady_clock;

mc_options tls_mc(const test_pki& pki) {
    mc_options o;
    o.tls = {.enabled = true, .cert_file = pki.server_cert, .key_file = pki.server_key};
    return o;
}

esme_options tls_esme(std::uint16_t port, unsigned sessions, const std::string& ca) {
    auto o = esme_for(port, sessions);
    o.tls = {.enabled = true, .ca_file = ca};
    return o;
}

// The msg of the first `event` logged by `role`; empty when there is none.
std::string message_of(const event_log& log, const std::string& role, const std::string& event) {
    for (const auto& e : log.snapshot())
        if (e.role == role && e.event == event) return e.msg;
    return {};
}

// A TLS ESME that binds, unbinds and exits 0: the MC still serves.
void expect_mc_still_serves(const event_log& log, const test_pki& pki, std::uint16_t port) {
    const auto unbinds_before = complete_unbinds(log.snapshot());
    auto o = tls_esme(port, 1, pki.ca);
    o.duration = 100ms;
    running_esme good(o);
    EXPECT_EQ(good.wait(), esme_exit::ok);
    EXPECT_EQ(complete_unbinds(log.snapshot()), unbinds_before + 1);
}

TEST(Tls, TrafficAndGracefulUnbindOverTls) {
    test_pki pki;
    event_log log;
    running_mc mc(tls_mc(pki));
    ASSERT_NE(mc.port(), 0);
    auto o = tls_esme(mc.port(), 2, pki.ca);
    o.messages.assign(200, outgoing_message{"12345", "67890", "over TLS", {}, 1});
    o.window = 20;
    std::mutex m;
    traffic::summary seen;
    o.on_summary = [&](const traffic::summary& s) {
        std::lock_guard lock(m);
        seen = s;
    };
    running_esme esme(o);

    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(seen.accepted, 200u);
    EXPECT_GT(seen.receipts, 0u);  // deliver_sm flowed the other way too; the rest may still be on their way
    EXPECT_EQ(log.count("esme", "tls_established"), 2u);
    EXPECT_EQ(log.count("mc", "tls_established"), 2u);
    EXPECT_NE(message_of(log, "esme", "tls_established").find("TLS"), std::string::npos);
    expect_every_unbind_matched(log, 2);
    EXPECT_EQ(log.count("esme", "unbind_sent"), 2u);

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Tls, McShutdownUnbindsTlsClientsWhichExitCleanly) {
    // Both sides send close_notify after the unbind, so neither waits out the close limit
    // (the unbind timeout) for the other's.
    test_pki pki;
    event_log log;
    auto o = tls_mc(pki);
    o.unbind_timeout = 3s;
    running_mc mc(o);
    auto e = tls_esme(mc.port(), 3, pki.ca);
    e.unbind_timeout = 3s;
    running_esme esme(e);
    ASSERT_TRUE(log.wait_for("mc", "bound", 3));

    const auto started = clock_type::now();
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_LT(clock_type::now() - started, 1500ms);
    expect_every_unbind_matched(log, 3);
    EXPECT_EQ(log.count("mc", "unbind_sent"), 3u);
    EXPECT_EQ(log.count("mc", "tls_handshake_failed"), 0u);
}

TEST(Tls, UnansweredUnbindStillEndsWithinTheDeadline) {
    // The MC never answers unbind; after the unbind timeout the close_notify exchange is
    // bounded too, so the ESME exits 4 in about one unbind timeout.
    test_pki pki;
    event_log log;
    auto quiet = tls_mc(pki);
    quiet.ignore_unbind = true;
    running_mc mc(quiet);
    auto o = tls_esme(mc.port(), 1, pki.ca);
    o.unbind_timeout = 300ms;
    running_esme esme(o);
    ASSERT_TRUE(log.wait_for("esme", "bound", 1));

    const auto started = clock_type::now();
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::unbind_timeout);
    EXPECT_LT(clock_type::now() - started, 300ms + 300ms + 1500ms);
}

TEST(Tls, WrongCaFailsTheHandshakeAndTheMcServesOthers) {
    test_pki pki;
    event_log log;
    running_mc mc(tls_mc(pki));
    running_esme esme(tls_esme(mc.port(), 1, pki.stranger_ca));

    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    const auto reason = message_of(log, "esme", "tls_handshake_failed");
    EXPECT_NE(reason.find("certificate verify failed"), std::string::npos) << reason;
    EXPECT_EQ(log.count("esme", "bound"), 0u);
    ASSERT_TRUE(log.wait_for("mc", "tls_handshake_failed", 1));
    expect_mc_still_serves(log, pki, mc.port());
}

TEST(Tls, CertificateForAnotherHostIsRefused) {
    test_pki pki;
    event_log log;
    mc_options o;
    o.tls = {.enabled = true, .cert_file = pki.elsewhere_cert, .key_file = pki.elsewhere_key};
    running_mc mc(o);
    running_esme esme(tls_esme(mc.port(), 1, pki.ca));

    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    const auto reason = message_of(log, "esme", "tls_handshake_failed");
    EXPECT_NE(reason.find("mismatch"), std::string::npos) << reason;
}

TEST(Tls, InsecureSkipsVerificationForTests) {
    test_pki pki;
    event_log log;
    running_mc mc(tls_mc(pki));
    auto o = tls_esme(mc.port(), 1, "");
    o.tls.verify_peer = false;
    o.duration = 100ms;
    running_esme esme(o);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 1);
}

TEST(Tls, PlainClientToATlsMcFailsCleanly) {
    test_pki pki;
    event_log log;
    running_mc mc(tls_mc(pki));
    running_esme plain(esme_for(mc.port(), 1));

    EXPECT_EQ(plain.wait(), esme_exit::connect_or_bind_failed);
    ASSERT_TRUE(log.wait_for("mc", "tls_handshake_failed", 1));
    EXPECT_EQ(log.count("mc", "bound"), 0u);
    expect_mc_still_serves(log, pki, mc.port());
}

TEST(Tls, McGivesUpOnASilentHandshakeAtTheBindTimeout) {
    test_pki pki;
    event_log log;
    auto o = tls_mc(pki);
    o.bind_timeout = 300ms;
    running_mc mc(o);
    raw_esme silent(mc.port());  // connects, never says a word
    ASSERT_TRUE(silent.connected());

    ASSERT_TRUE(log.wait_for("mc", "tls_handshake_failed", 1, 3s));
    EXPECT_NE(message_of(log, "mc", "tls_handshake_failed").find("timed out"), std::string::npos);
    // A client's failure: a warning on the MC, not an error.
    ASSERT_TRUE(log.wait_for("mc", "closed", 1, 3s));
    for (const auto& e : log.snapshot()) {
        if (e.role == "mc" && (e.event == "closed" || e.event == "tls_handshake_failed")) {
            EXPECT_EQ(e.level, "warn") << e.event;
        }
    }
    expect_mc_still_serves(log, pki, mc.port());
}

TEST(Tls, EsmeGivesUpOnASilentHandshakeAtTheConnectTimeout) {
    test_pki pki;
    event_log log;
    silent_listener mute;
    auto o = tls_esme(mute.port(), 1, pki.ca);
    o.connect_timeout = 300ms;
    const auto started = clock_type::now();
    running_esme esme(o);

    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    EXPECT_LT(clock_type::now() - started, 300ms + 1500ms);
    EXPECT_NE(message_of(log, "esme", "tls_handshake_failed").find("timed out"), std::string::npos);
}

TEST(Tls, ClientCertificatesWhenTheMcRequiresThem) {
    test_pki pki;
    event_log log;
    auto o = tls_mc(pki);
    o.tls.ca_file = pki.ca;
    o.tls.require_client_cert = true;
    running_mc mc(o);

    running_esme anonymous(tls_esme(mc.port(), 1, pki.ca));
    EXPECT_EQ(anonymous.wait(), esme_exit::connect_or_bind_failed);
    ASSERT_TRUE(log.wait_for("mc", "tls_handshake_failed", 1));

    auto with_cert = tls_esme(mc.port(), 1, pki.ca);
    with_cert.tls.cert_file = pki.client_cert;
    with_cert.tls.key_file = pki.client_key;
    with_cert.duration = 100ms;
    running_esme known(with_cert);
    EXPECT_EQ(known.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 1);
}

TEST(Tls, UnusableFilesStopTheMcAndTheEsmeWithExit3) {
    test_pki pki;
    event_log log;
    auto o = tls_mc(pki);
    o.tls.key_file = pki.client_key;  // not the certificate's key
    o.handle_signals = false;
    EXPECT_EQ(mc_server(o).run(), mc_exit::cannot_listen);
    EXPECT_NE(message_of(log, "mc", "tls_setup_failed").find(pki.client_key), std::string::npos);

    auto e = tls_esme(1, 1, pki.dir + "/missing.pem");
    e.handle_signals = false;
    EXPECT_EQ(esme_client(e).run(), esme_exit::connect_or_bind_failed);
    EXPECT_NE(message_of(log, "esme", "tls_setup_failed").find("missing.pem"), std::string::npos);
    EXPECT_EQ(log.count("esme", "connected"), 0u);
}

}  // namespace
}  // namespace smpp::test

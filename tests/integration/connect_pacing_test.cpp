// --max-connecting: the first connects go at most K at a time, each session's turn ending once
// its bind is sent, so a storm of N sessions never holds N connects' memory at once.
#include <gtest/gtest.h>

#include "expect_unbinds.hpp"
#include "harness.hpp"
#include "test_pki.hpp"

namespace smpp::test {
namespace {

TEST(ConnectPacing, OneAtATimeEverySessionStillBindsAndUnbinds) {
    event_log log;
    running_mc mc;
    auto o = esme_for(mc.port(), 8);
    o.max_connecting = 1;
    running_esme esme(o);
    ASSERT_TRUE(log.wait_for("esme", "bound", 8));
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 8);
}

// A peer that takes the TCP connection and never answers the TLS handshake holds each session
// in its connect until --connect-timeout: the ESME's log shows how many were connecting at once.
TEST(ConnectPacing, NoMoreThanMaxConnectingAreConnectingAtOnce) {
    const test_pki pki;
    event_log log;
    silent_listener mute;
    auto o = esme_for(mute.port(), 6);
    o.tls = {.enabled = true, .ca_file = pki.ca};
    o.connect_timeout = 200ms;
    o.max_connecting = 2;
    running_esme esme(o);
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);

    std::size_t connected = 0, gave_up = 0, most = 0;
    for (const auto& e : log.snapshot()) {
        if (e.role != "esme") continue;
        if (e.event == "connected") ++connected;
        if (e.event == "tls_handshake_failed") ++gave_up;
        most = std::max(most, connected - gave_up);
    }
    EXPECT_EQ(connected, 6u);
    EXPECT_EQ(gave_up, 6u);
    EXPECT_EQ(most, 2u);
}

}  // namespace
}  // namespace smpp::test

// What the ESME says when its first contact with an MC goes wrong (issue #11): the address it
// could not reach, and a peer that is not speaking SMPP (often a TLS port) named as such,
// instead of a generic_nack with a made-up sequence number.
#include <gtest/gtest.h>

#include <string_view>

#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"
#include "test_pki.hpp"

namespace smpp::test {
namespace {

// The first `event` logged by `role`; nullopt when there is none.
std::optional<logged> first_of(const event_log& log, const std::string& role, const std::string& event) {
    for (const auto& e : log.snapshot())
        if (e.role == role && e.event == event) return e;
    return std::nullopt;
}

bool says(const std::optional<logged>& e, std::string_view text) {
    return e && e->msg.find(text) != std::string::npos;
}

// A port that was just free: nothing listens on it.
std::uint16_t closed_port() {
    const silent_listener gone;
    return gone.port();
}

TEST(FirstContact, AFailedConnectNamesHostAndPort) {
    event_log log;
    const auto port = closed_port();
    running_esme esme(esme_for(port, 1));
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    const auto closed = first_of(log, "esme", "closed");
    EXPECT_TRUE(says(closed, "127.0.0.1:" + std::to_string(port))) << (closed ? closed->msg : "no closed event");
}

// The peer answers the bind with the start of an HTTP response: 16 bytes and more, so the
// would-be header holds a "sequence number" (0x20426164, from " Bad").
TEST(FirstContact, AReplyThatIsNotSmppIsShownInHex) {
    event_log log;
    silent_listener web;
    running_esme esme(esme_for(web.port(), 1));
    const int fd = web.accept_one();
    ASSERT_GE(fd, 0);
    constexpr std::string_view reply = "HTTP/1.1 400 Bad Request\r\n\r\n";
    ASSERT_EQ(::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL), static_cast<ssize_t>(reply.size()));

    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    ::close(fd);
    const auto rejected = first_of(log, "esme", "pdu_rejected");
    ASSERT_TRUE(rejected);
    EXPECT_FALSE(rejected->seq) << "a sequence number read from bytes that are not SMPP: " << *rejected->seq;
    EXPECT_EQ(rejected->msg.find("generic_nack"), std::string::npos) << rejected->msg;
    const auto closed = first_of(log, "esme", "closed");
    EXPECT_TRUE(says(closed, "not SMPP: 48 54 54 50 2f 31 2e 31 20 34 30 30 20 42 61 64 ...")) << closed->msg;
    EXPECT_TRUE(says(closed, "may want TLS")) << closed->msg;
}

TEST(FirstContact, APeerThatClosesBeforeTheBindRespMayWantTls) {
    event_log log;
    silent_listener quiet;
    running_esme esme(esme_for(quiet.port(), 1));
    const int fd = quiet.accept_one();
    ASSERT_GE(fd, 0);
    ::close(fd);

    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    const auto closed = first_of(log, "esme", "closed");
    EXPECT_TRUE(says(closed, "before answering the bind; it may want TLS"))
        << (closed ? closed->msg : "no closed event");
}

TEST(FirstContact, APlainEsmeAgainstATlsMcIsToldTheMcMayWantTls) {
    test_pki pki;
    event_log log;
    mc_options o;
    o.tls = {.enabled = true, .cert_file = pki.server_cert, .key_file = pki.server_key};
    running_mc mc(o);
    running_esme plain(esme_for(mc.port(), 1));

    EXPECT_EQ(plain.wait(), esme_exit::connect_or_bind_failed);
    const auto closed = first_of(log, "esme", "closed");
    EXPECT_TRUE(says(closed, "may want TLS")) << (closed ? closed->msg : "no closed event");
}

// The other way round: a TLS ClientHello at a plain MC (its record header is no SMPP length).
TEST(FirstContact, ATlsClientAtAPlainMcIsSaidToMaybeWantTls) {
    event_log log;
    running_mc mc;
    raw_esme tls_client(mc.port());
    const std::uint8_t client_hello[] = {0x16, 0x03, 0x01, 0x01, 0x20, 0x01, 0x00, 0x01, 0x1c, 0x03, 0x03};
    tls_client.send_bytes(client_hello);

    ASSERT_TRUE(log.wait_for("mc", "closed", 1));
    const auto closed = first_of(log, "mc", "closed");
    EXPECT_TRUE(says(closed, "not SMPP: 16 03 01 01 20 01 00 01 1c 03 03; it may want TLS")) << closed->msg;
    EXPECT_EQ(closed->reason, "protocol_error");
}

}  // namespace
}  // namespace smpp::test

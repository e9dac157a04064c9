// The shutdown paths of issue #2, with the real MC and ESME in one process over loopback.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"
#include "smpp/codec/codec.hpp"

namespace smpp::test {
namespace {

using clock_type = std::chrono::steady_clock;

mc_options with_credentials(unsigned sessions) {
    mc_options o;
    for (unsigned n = 1; n <= sessions; ++n)
        o.credentials.emplace("sid" + std::to_string(n), "pass" + std::to_string(n));
    o.allow_any_bind = false;
    return o;
}

void expect_every_unbind_matched(const event_log& log, std::size_t sessions) {
    const auto events = log.snapshot();
    for (const auto& problem : unmatched_unbinds(events)) ADD_FAILURE() << problem;
    EXPECT_EQ(complete_unbinds(events), sessions);
}

// A listener that completes TCP handshakes (the kernel does) but never reads: a peer that
// accepts a connection and never answers the bind.
class silent_listener {
public:
    silent_listener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 64) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            ADD_FAILURE() << "cannot set up the silent listener";
        port_ = ntohs(addr.sin_port);
    }
    ~silent_listener() { ::close(fd_); }
    std::uint16_t port() const { return port_; }
    int accept_one() { return ::accept(fd_, nullptr, nullptr); }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

std::optional<pdu> read_pdu(int fd) {
    byte_buffer bytes;
    std::uint8_t chunk[512];
    for (;;) {
        const auto frame = peek_frame(bytes);
        if (frame.status == frame_status::complete) {
            pdu p;
            if (!decode(std::span(bytes).first(frame.length), p).ok()) return std::nullopt;
            return p;
        }
        if (frame.status == frame_status::bad_length) return std::nullopt;
        const auto n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) return std::nullopt;
        bytes.insert(bytes.end(), chunk, chunk + n);
    }
}

void write_pdu(int fd, const pdu& p) {
    byte_buffer bytes;
    ASSERT_EQ(encode(p, bytes), command_status::ok);
    ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}

TEST(Shutdown, EsmeStopUnbindsEverySessionAndBothExitCleanly) {
    event_log log;
    running_mc mc(with_credentials(5));
    ASSERT_NE(mc.port(), 0);
    running_esme esme(esme_for(mc.port(), 5));
    ASSERT_TRUE(log.wait_for("esme", "bound", 5));

    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 5);
    EXPECT_EQ(log.count("esme", "unbind_sent"), 5u);

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Shutdown, DurationEndsTheRunWithAGracefulUnbind) {
    event_log log;
    running_mc mc;
    auto options = esme_for(mc.port(), 3);
    options.duration = 300ms;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 3);
}

TEST(Shutdown, McStopUnbindsClientsWhichAnswerAndExitByThemselves) {
    event_log log;
    running_mc mc(with_credentials(3));
    running_esme esme(esme_for(mc.port(), 3));
    ASSERT_TRUE(log.wait_for("mc", "bound", 3));

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 3);
    EXPECT_EQ(log.count("mc", "unbind_sent"), 3u);
    EXPECT_EQ(log.count("esme", "unbind_resp_sent"), 3u);
}

TEST(Shutdown, UnansweredUnbindTimesOutWithinTheDeadline) {
    event_log log;
    mc_options quiet;
    quiet.ignore_unbind = true;
    running_mc mc(quiet);
    auto options = esme_for(mc.port(), 2);
    options.unbind_timeout = 300ms;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "bound", 2));

    const auto started = clock_type::now();
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::unbind_timeout);
    EXPECT_LT(clock_type::now() - started, 300ms + 1500ms);
    const auto events = log.snapshot();
    EXPECT_EQ(std::count_if(events.begin(), events.end(),
                            [](const logged& e) { return e.role == "esme" && e.reason == "unbind_timeout"; }),
              2);
}

TEST(Shutdown, SecondStopClosesAtOnce) {
    event_log log;
    mc_options quiet;
    quiet.ignore_unbind = true;
    running_mc mc(quiet);
    auto options = esme_for(mc.port(), 2);
    options.unbind_timeout = 30s;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "bound", 2));

    const auto started = clock_type::now();
    esme.stop();
    ASSERT_TRUE(log.wait_for("esme", "unbind_sent", 2));
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::unbind_timeout);
    EXPECT_LT(clock_type::now() - started, 5s);
}

TEST(Shutdown, SessionStillBindingIsClosedWithoutHanging) {
    event_log log;
    silent_listener mute;
    auto options = esme_for(mute.port(), 2);
    options.bind_timeout = 30s;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "connected", 2));

    const auto started = clock_type::now();
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);  // nothing was bound, so nothing was left half-bound
    EXPECT_LT(clock_type::now() - started, 2s);
}

TEST(Shutdown, BindTimeoutIsAConnectOrBindFailure) {
    event_log log;
    silent_listener mute;
    auto options = esme_for(mute.port(), 1);
    options.bind_timeout = 200ms;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
}

TEST(Shutdown, WrongPasswordIsABindFailure) {
    event_log log;
    running_mc mc(with_credentials(1));
    auto options = esme_for(mc.port(), 1);
    options.password = "wrong";
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    EXPECT_EQ(log.count("esme", "bind_failed"), 1u);
}

TEST(Shutdown, RefusedConnectionIsAConnectFailure) {
    std::uint16_t free_port = 0;
    {
        silent_listener probe;  // take a free port, then let it go
        free_port = probe.port();
    }
    event_log log;
    running_esme esme(esme_for(free_port, 2));
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
}

TEST(Shutdown, ConnectionDroppedAfterBindIsReportedAsLost) {
    event_log log;
    silent_listener mc;
    running_esme esme(esme_for(mc.port(), 1));
    // Play an MC that binds the session and then vanishes without unbind.
    const int fd = mc.accept_one();
    ASSERT_GE(fd, 0);
    const auto bind = read_pdu(fd);
    ASSERT_TRUE(bind.has_value());
    write_pdu(fd, pdu{response_of(bind->id), command_status::ok, bind->sequence, bind_resp_body{"fake-mc", {}}});
    ASSERT_TRUE(log.wait_for("esme", "bound", 1));
    ::close(fd);
    EXPECT_EQ(esme.wait(), esme_exit::connection_lost);
}

}  // namespace
}  // namespace smpp::test

// A peer that sends requests and never reads the answers must cost bounded memory: the MC
// closes that one connection and carries on.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.hpp"
#include "smpp/codec/codec.hpp"

namespace smpp::test {
namespace {

int connect_to(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

TEST(SlowReader, PeerThatNeverReadsIsClosedAndOthersCarryOn) {
    event_log log;
    running_mc mc;
    const int fd = connect_to(mc.port());
    ASSERT_GE(fd, 0);
    // Bound first: an unbound peer sending anything but a bind is closed after a handful
    // (issue #12). Then 256 enquire_links per write keep the loop short.
    byte_buffer bind;
    encode(pdu{command_id::bind_transceiver, command_status::ok, 1, bind_body{.system_id = "slow"}}, bind);
    ASSERT_EQ(::send(fd, bind.data(), bind.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bind.size()));
    byte_buffer burst;
    for (std::uint32_t i = 2; i <= 257; ++i) encode(make_header_only(command_id::enquire_link, i), burst);
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    bool closed_by_mc = false;
    while (!closed_by_mc && std::chrono::steady_clock::now() < deadline) {
        closed_by_mc = ::send(fd, burst.data(), burst.size(), MSG_NOSIGNAL) < 0;
        closed_by_mc = closed_by_mc || log.count("mc", "closed") > 0;
    }
    ::close(fd);
    ASSERT_TRUE(log.wait_for("mc", "closed", 1, 5s));
    const auto events = log.snapshot();
    EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const logged& e) { return e.reason == "peer_not_reading"; }));

    // The MC still serves everyone else.
    auto options = esme_for(mc.port(), 2);
    options.duration = 100ms;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
}

}  // namespace
}  // namespace smpp::test

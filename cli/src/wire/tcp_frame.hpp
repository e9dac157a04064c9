#pragma once
// The Ethernet, IP and TCP headers a capture file needs around each chunk of a connection's
// bytes: plain code, no I/O, so that what Wireshark will see is testable byte by byte.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace smpp::cli {

// An IPv4 or IPv6 address as 16 octets (IPv4 in the first 4).
struct ip_address {
    std::array<std::uint8_t, 16> octets{};
    bool v6 = false;
};

// A numeric address as sockets print it; an IPv4-mapped IPv6 address becomes IPv4.
std::optional<ip_address> parse_ip(const std::string& text);

struct tcp_ends {
    ip_address src, dst;
    std::uint16_t src_port = 0, dst_port = 0;
};

namespace tcp_flag {
constexpr std::uint8_t fin = 0x01, syn = 0x02, psh = 0x08, ack = 0x10;
}

// One Ethernet frame carrying one TCP segment from src to dst, with correct IP and TCP
// checksums. Both ends must be of the same family.
std::vector<std::uint8_t> tcp_frame(const tcp_ends& ends, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                                    std::span<const std::uint8_t> payload);

}  // namespace smpp::cli

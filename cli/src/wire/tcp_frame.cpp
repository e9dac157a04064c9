#include "tcp_frame.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace smpp::cli {
namespace {

constexpr std::size_t ethernet_size = 14, ipv4_size = 20, ipv6_size = 40, tcp_size = 20;

struct writer {
    std::vector<std::uint8_t>& out;
    void u8(unsigned v) { out.push_back(static_cast<std::uint8_t>(v)); }
    void u16(unsigned v) {
        u8(v >> 8);
        u8(v);
    }
    void u32(std::uint32_t v) {
        u16(v >> 16);
        u16(v & 0xFFFF);
    }
    void bytes(std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); }
};

// The ones' complement sum of RFC 1071, folded; `sum` carries a pseudo header's part in.
std::uint16_t checksum(std::span<const std::uint8_t> data, std::uint32_t sum = 0) {
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
    if (data.size() % 2) sum += static_cast<std::uint32_t>(data.back() << 8);
    while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(~sum);
}

std::uint32_t pseudo_sum(const tcp_ends& e, std::size_t tcp_length) {
    const std::size_t n = e.src.v6 ? 16 : 4;
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < n; i += 2) {
        sum += static_cast<std::uint32_t>(e.src.octets[i] << 8 | e.src.octets[i + 1]);
        sum += static_cast<std::uint32_t>(e.dst.octets[i] << 8 | e.dst.octets[i + 1]);
    }
    return sum + 6 /* TCP */ + static_cast<std::uint32_t>(tcp_length >> 16) + static_cast<std::uint32_t>(tcp_length & 0xFFFF);
}

void ip_header(writer& w, const tcp_ends& e, std::size_t tcp_length) {
    const std::size_t n = e.src.v6 ? 16 : 4;
    if (e.src.v6) {
        w.u32(0x60000000);  // version 6, no traffic class or flow label
        w.u16(static_cast<unsigned>(tcp_length));
        w.u8(6);   // next header: TCP
        w.u8(64);  // hop limit
    } else {
        const std::size_t start = w.out.size();
        w.u8(0x45);
        w.u8(0);
        w.u16(static_cast<unsigned>(ipv4_size + tcp_length));
        w.u16(0);
        w.u16(0x4000);  // don't fragment
        w.u8(64);
        w.u8(6);
        w.u16(0);  // checksum, below
        w.bytes({e.src.octets.data(), n});
        w.bytes({e.dst.octets.data(), n});
        const auto sum = checksum({w.out.data() + start, ipv4_size});
        w.out[start + 10] = static_cast<std::uint8_t>(sum >> 8);
        w.out[start + 11] = static_cast<std::uint8_t>(sum);
        return;
    }
    w.bytes({e.src.octets.data(), n});
    w.bytes({e.dst.octets.data(), n});
}

}  // namespace

std::optional<ip_address> parse_ip(const std::string& text) {
    ip_address a;
    if (inet_pton(AF_INET, text.c_str(), a.octets.data()) == 1) return a;
    if (inet_pton(AF_INET6, text.c_str(), a.octets.data()) != 1) return std::nullopt;
    constexpr std::array<std::uint8_t, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::equal(mapped.begin(), mapped.end(), a.octets.begin())) {
        std::copy(a.octets.begin() + 12, a.octets.end(), a.octets.begin());
        std::fill(a.octets.begin() + 4, a.octets.end(), 0);
        return a;
    }
    a.v6 = true;
    return a;
}

std::vector<std::uint8_t> tcp_frame(const tcp_ends& e, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                                    std::span<const std::uint8_t> payload) {
    std::vector<std::uint8_t> out;
    out.reserve(ethernet_size + ipv6_size + tcp_size + payload.size());
    writer w{out};
    // Locally administered MAC addresses (destination, source): the capture saw no real link.
    constexpr std::array<std::uint8_t, 12> macs{0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};
    w.bytes(macs);
    w.u16(e.src.v6 ? 0x86DD : 0x0800);
    const std::size_t tcp_length = tcp_size + payload.size();
    ip_header(w, e, tcp_length);
    const std::size_t tcp_start = out.size();
    w.u16(e.src_port);
    w.u16(e.dst_port);
    w.u32(seq);
    w.u32(flags & tcp_flag::ack ? ack : 0);
    w.u8(5 << 4);  // data offset: 5 words, no options
    w.u8(flags);
    w.u16(65535);  // window
    w.u16(0);      // checksum, below
    w.u16(0);      // urgent pointer
    w.bytes(payload);
    const auto sum = checksum({out.data() + tcp_start, tcp_length}, pseudo_sum(e, tcp_length));
    out[tcp_start + 16] = static_cast<std::uint8_t>(sum >> 8);
    out[tcp_start + 17] = static_cast<std::uint8_t>(sum);
    return out;
}

}  // namespace smpp::cli

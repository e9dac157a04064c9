// Which of our requests never left: after the MC was killed, a submit still in the outbox was
// reported `timeout` although the MC cannot have seen it (issue #12). The connection knows
// what it wrote; it says which requests it did not, so they count as not sent.
#include "connection.hpp"

namespace smpp::net {
namespace {

std::size_t frame_length_at(std::span<const std::uint8_t> bytes, std::size_t at) {
    return std::size_t{bytes[at]} << 24 | std::size_t{bytes[at + 1]} << 16 | std::size_t{bytes[at + 2]} << 8 |
           std::size_t{bytes[at + 3]};
}

std::uint32_t word_at(std::span<const std::uint8_t> bytes, std::size_t at) {
    return static_cast<std::uint32_t>(frame_length_at(bytes, at));
}

}  // namespace

std::size_t unfinished_after(std::span<const std::uint8_t> bytes, std::size_t head, std::size_t written) {
    if (written <= head) return head - written;
    // Only after a partial write, and each frame header is read once: written frames are
    // never walked again.
    std::size_t at = head;
    while (at < written && at + header_size <= bytes.size()) at += frame_length_at(bytes, at);
    return at > written ? at - written : 0;
}

void connection::report_unsent(std::span<const std::uint8_t> bytes, std::size_t head) {
    // The session's output is whole frames, as encoded, after `head`.
    for (std::size_t at = head; at + header_size <= bytes.size(); at += frame_length_at(bytes, at)) {
        const auto id = static_cast<command_id>(word_at(bytes, at + 4));
        if (is_response(id) || !expects_response(id)) continue;
        const event e{.kind = event_kind::request_not_sent, .sequence = word_at(bytes, at + 12), .request_id = id};
        if (hook_) hook_(*this, e);
    }
}

}  // namespace smpp::net

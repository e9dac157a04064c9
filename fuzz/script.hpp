#pragma once
// The session fuzzer's input format, shared with the seed writer (seeds.cpp) so the seeds are
// scripts the fuzzer reads the way they were meant.
//
//   config octet: bit 0 role mc, bit 1 ignore_unbind, bit 2 no keepalive, bits 3-4 window
//                 (1, 2, 10, 0), bit 5 a 64-octet max_pdu_size
//   then ops, each an opcode octet (modulo op::count) and its arguments:
//     feed        u16 n, n octets            (added to what the transport holds unread)
//     advance     u16 milliseconds           (then on_timer)
//     bind        u8 bind type, string system_id
//     accept_bind string system_id
//     reject_bind u8 status
//     send        u8 request index (requests[]), u8 body index (pdu_body alternative)
//     respond     u8 received-request index, u8 status, u8 body index
//     unbind, close u8 reason, transport_closed u8 reason, drain (the transport wrote the outbox)
//   strings are a u8 length and that many octets; numbers are big-endian; a short input just
//   ends the script.
#include <array>
#include <cstdint>
#include <utility>

#include "smpp/codec/pdu.hpp"

namespace smpp::fuzz {

enum class op : std::uint8_t {
    feed,
    advance,
    bind,
    accept_bind,
    reject_bind,
    send,
    respond,
    unbind,
    close,
    transport_closed,
    drain,
    count,
};

namespace config_bit {
constexpr std::uint8_t mc = 1;
constexpr std::uint8_t ignore_unbind = 2;
constexpr std::uint8_t no_keepalive = 4;
constexpr std::uint8_t window_shift = 3;
constexpr std::uint8_t small_frames = 32;
}  // namespace config_bit

// Every request id, bind and unbind included: the session must refuse those through send_request.
constexpr std::array requests{
    command_id::submit_sm,    command_id::deliver_sm,  command_id::data_sm,
    command_id::query_sm,     command_id::cancel_sm,   command_id::replace_sm,
    command_id::submit_multi, command_id::enquire_link, command_id::alert_notification,
    command_id::outbind,      command_id::bind_transmitter, command_id::unbind,
    command_id::generic_nack,
};

// The body type a request (or its response) carries, as a pdu_body alternative index.
template <typename Body>
constexpr std::uint8_t body_index = [] {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        std::uint8_t found = 0;
        ((std::is_same_v<Body, std::variant_alternative_t<I, pdu_body>> ? found = I : 0), ...);
        return found;
    }(std::make_index_sequence<std::variant_size_v<pdu_body>>{});
}();

// A default-constructed alternative of pdu_body, by index modulo the alternative count.
inline pdu_body body_at(std::uint8_t index) {
    constexpr std::size_t n = std::variant_size_v<pdu_body>;
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        pdu_body body;
        ((index % n == I ? (body.emplace<I>(), 0) : 0), ...);
        return body;
    }(std::make_index_sequence<n>{});
}

}  // namespace smpp::fuzz

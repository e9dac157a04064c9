#pragma once
#include <cstdint>
#include <string_view>

namespace smpp {

// SMPP 3.4 Table 5-1. Responses are the request id with bit 31 set.
enum class command_id : std::uint32_t {
    generic_nack = 0x80000000,
    bind_receiver = 0x00000001,
    bind_receiver_resp = 0x80000001,
    bind_transmitter = 0x00000002,
    bind_transmitter_resp = 0x80000002,
    query_sm = 0x00000003,
    query_sm_resp = 0x80000003,
    submit_sm = 0x00000004,
    submit_sm_resp = 0x80000004,
    deliver_sm = 0x00000005,
    deliver_sm_resp = 0x80000005,
    unbind = 0x00000006,
    unbind_resp = 0x80000006,
    replace_sm = 0x00000007,
    replace_sm_resp = 0x80000007,
    cancel_sm = 0x00000008,
    cancel_sm_resp = 0x80000008,
    bind_transceiver = 0x00000009,
    bind_transceiver_resp = 0x80000009,
    outbind = 0x0000000B,
    enquire_link = 0x00000015,
    enquire_link_resp = 0x80000015,
    submit_multi = 0x00000021,
    submit_multi_resp = 0x80000021,
    alert_notification = 0x00000102,
    data_sm = 0x00000103,
    data_sm_resp = 0x80000103,
};

constexpr std::uint32_t response_bit = 0x80000000u;

constexpr bool is_response(command_id id) noexcept {
    return (static_cast<std::uint32_t>(id) & response_bit) != 0;
}

constexpr command_id response_of(command_id request) noexcept {
    return static_cast<command_id>(static_cast<std::uint32_t>(request) | response_bit);
}

constexpr bool is_bind(command_id id) noexcept {
    return id == command_id::bind_receiver || id == command_id::bind_transmitter ||
           id == command_id::bind_transceiver;
}

// outbind and alert_notification are the only requests the peer never answers (§4.1.7, §4.12).
constexpr bool expects_response(command_id request) noexcept {
    return request != command_id::outbind && request != command_id::alert_notification;
}

// False for ids this library does not know; they are answered with ESME_RINVCMDID.
bool is_known(std::uint32_t raw_id) noexcept;

std::string_view name_of(command_id id) noexcept;

}  // namespace smpp

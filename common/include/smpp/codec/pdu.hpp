#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "smpp/codec/command_id.hpp"
#include "smpp/codec/command_status.hpp"
#include "smpp/codec/tlv.hpp"

namespace smpp {

constexpr std::size_t header_size = 16;
constexpr std::uint8_t interface_version_34 = 0x34;

// bind_transmitter, bind_receiver, bind_transceiver (§4.1.1/3/5).
struct bind_body {
    std::string system_id;
    std::string password;
    std::string system_type;
    std::uint8_t interface_version = interface_version_34;
    std::uint8_t addr_ton = 0;
    std::uint8_t addr_npi = 0;
    std::string address_range;
    friend bool operator==(const bind_body&, const bind_body&) = default;
};

// bind_*_resp (§4.1.2). Empty when command_status is not ok: the spec sends no body then.
struct bind_resp_body {
    std::string system_id;
    tlv_list tlvs;
    friend bool operator==(const bind_resp_body&, const bind_resp_body&) = default;
};

// outbind (§4.1.7).
struct outbind_body {
    std::string system_id;
    std::string password;
    friend bool operator==(const outbind_body&, const outbind_body&) = default;
};

// submit_sm and deliver_sm share one layout (§4.4.1, §4.6.1).
struct sm_body {
    std::string service_type;
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    std::uint8_t dest_addr_ton = 0;
    std::uint8_t dest_addr_npi = 0;
    std::string destination_addr;
    std::uint8_t esm_class = 0;
    std::uint8_t protocol_id = 0;
    std::uint8_t priority_flag = 0;
    std::string schedule_delivery_time;
    std::string validity_period;
    std::uint8_t registered_delivery = 0;
    std::uint8_t replace_if_present_flag = 0;
    std::uint8_t data_coding = 0;
    std::uint8_t sm_default_msg_id = 0;
    std::string short_message;  // raw octets; sm_length is its size
    tlv_list tlvs;
    friend bool operator==(const sm_body&, const sm_body&) = default;
};

// submit_sm_resp and deliver_sm_resp (§4.4.2, §4.6.2). deliver_sm_resp's message_id is unused
// (always empty). A submit_sm_resp with an error status may have no body at all.
struct sm_resp_body {
    std::string message_id;
    friend bool operator==(const sm_resp_body&, const sm_resp_body&) = default;
};

using pdu_body = std::variant<std::monostate, bind_body, bind_resp_body, outbind_body, sm_body,
                              sm_resp_body>;

struct pdu {
    command_id id = command_id::generic_nack;
    command_status status = command_status::ok;
    std::uint32_t sequence = 0;
    pdu_body body;
    friend bool operator==(const pdu&, const pdu&) = default;
};

}  // namespace smpp

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

// An SME address as the PDUs carry it: type of number, numbering plan, C-string address.
struct sme_address {
    std::uint8_t ton = 0;
    std::uint8_t npi = 0;
    std::string address;
    friend bool operator==(const sme_address&, const sme_address&) = default;
};

// A distribution list defined on the MC, named in submit_multi's dest_address list.
struct distribution_list {
    std::string name;
    friend bool operator==(const distribution_list&, const distribution_list&) = default;
};

// One dest_address entry (§4.5.1.1): dest_flag 1 carries an SME address, dest_flag 2 a list name.
using dest_address = std::variant<sme_address, distribution_list>;

// submit_multi (§4.5.1): submit_sm with a list of 1..254 destinations in place of one.
struct submit_multi_body {
    std::string service_type;
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    std::vector<dest_address> dest_addresses;  // number_of_dests is its size
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
    friend bool operator==(const submit_multi_body&, const submit_multi_body&) = default;
};

// A destination submit_multi could not reach, and why (§4.5.2.1).
struct unsuccess_sme {
    std::uint8_t dest_addr_ton = 0;
    std::uint8_t dest_addr_npi = 0;
    std::string destination_addr;
    command_status error_status_code = command_status::ok;
    friend bool operator==(const unsuccess_sme&, const unsuccess_sme&) = default;
};

// submit_multi_resp (§4.5.2). no_unsuccess is the size of the list.
struct submit_multi_resp_body {
    std::string message_id;
    std::vector<unsuccess_sme> unsuccess_smes;
    friend bool operator==(const submit_multi_resp_body&, const submit_multi_resp_body&) = default;
};

// data_sm (§4.7.1): either direction; the message itself travels in message_payload.
struct data_sm_body {
    std::string service_type;
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    std::uint8_t dest_addr_ton = 0;
    std::uint8_t dest_addr_npi = 0;
    std::string destination_addr;
    std::uint8_t esm_class = 0;
    std::uint8_t registered_delivery = 0;
    std::uint8_t data_coding = 0;
    tlv_list tlvs;
    friend bool operator==(const data_sm_body&, const data_sm_body&) = default;
};

// data_sm_resp (§4.7.2): unlike submit_sm_resp it may carry TLVs (delivery_failure_reason...).
struct data_sm_resp_body {
    std::string message_id;
    tlv_list tlvs;
    friend bool operator==(const data_sm_resp_body&, const data_sm_resp_body&) = default;
};

// query_sm (§4.8.1): the message is named by its MC message_id and the address it came from.
struct query_sm_body {
    std::string message_id;
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    friend bool operator==(const query_sm_body&, const query_sm_body&) = default;
};

// query_sm_resp (§4.8.2).
struct query_sm_resp_body {
    std::string message_id;
    std::string final_date;         // empty until the message reaches a final state
    std::uint8_t message_state = 0; // smpp::message_state values; kept raw to round-trip any octet
    std::uint8_t error_code = 0;    // network-specific
    friend bool operator==(const query_sm_resp_body&, const query_sm_resp_body&) = default;
};

// cancel_sm (§4.9.1). An empty message_id with service_type and addresses cancels all matches.
// cancel_sm_resp is header-only.
struct cancel_sm_body {
    std::string service_type;
    std::string message_id;
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    std::uint8_t dest_addr_ton = 0;
    std::uint8_t dest_addr_npi = 0;
    std::string destination_addr;
    friend bool operator==(const cancel_sm_body&, const cancel_sm_body&) = default;
};

// replace_sm (§4.10.1). replace_sm_resp is header-only.
struct replace_sm_body {
    std::string message_id;
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    std::string schedule_delivery_time;
    std::string validity_period;
    std::uint8_t registered_delivery = 0;
    std::uint8_t sm_default_msg_id = 0;
    std::string short_message;  // raw octets; sm_length is its size
    friend bool operator==(const replace_sm_body&, const replace_sm_body&) = default;
};

// alert_notification (§4.12.1): MC to ESME, never answered.
struct alert_notification_body {
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;
    std::uint8_t esme_addr_ton = 0;
    std::uint8_t esme_addr_npi = 0;
    std::string esme_addr;
    tlv_list tlvs;  // ms_availability_status
    friend bool operator==(const alert_notification_body&, const alert_notification_body&) = default;
};

using pdu_body = std::variant<std::monostate, bind_body, bind_resp_body, outbind_body, sm_body,
                              sm_resp_body, submit_multi_body, submit_multi_resp_body, data_sm_body,
                              data_sm_resp_body, query_sm_body, query_sm_resp_body, cancel_sm_body,
                              replace_sm_body, alert_notification_body>;

struct pdu {
    command_id id = command_id::generic_nack;
    command_status status = command_status::ok;
    std::uint32_t sequence = 0;
    pdu_body body;
    friend bool operator==(const pdu&, const pdu&) = default;
};

}  // namespace smpp

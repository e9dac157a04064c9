#pragma once
// One table of SMPP 3.4 field limits (§4), shared by encoder and decoder so both enforce the
// same rules. Sizes count the terminating NUL, as the spec does.
#include <cstddef>
#include <cstdint>

#include "smpp/codec/command_status.hpp"
#include "smpp/codec/tlv.hpp"

namespace smpp::detail {

struct cstring_rule {
    std::size_t max_size;        // including NUL
    command_status when_broken;  // status that names the field
};

inline constexpr cstring_rule system_id_rule{16, command_status::invalid_system_id};
inline constexpr cstring_rule password_rule{9, command_status::invalid_password};
inline constexpr cstring_rule system_type_rule{13, command_status::invalid_system_type};
inline constexpr cstring_rule address_range_rule{41, command_status::invalid_param_length};
inline constexpr cstring_rule service_type_rule{6, command_status::invalid_service_type};
inline constexpr cstring_rule source_addr_rule{21, command_status::invalid_source_addr};
inline constexpr cstring_rule dest_addr_rule{21, command_status::invalid_dest_addr};
inline constexpr cstring_rule message_id_rule{65, command_status::invalid_message_id};
// data_sm and alert_notification allow longer addresses (IP, e-mail) than submit_sm (§4.7.1, §4.12.1).
inline constexpr cstring_rule long_source_addr_rule{65, command_status::invalid_source_addr};
inline constexpr cstring_rule long_dest_addr_rule{65, command_status::invalid_dest_addr};
// alert_notification's esme_addr is where the alert is routed: its destination.
inline constexpr cstring_rule esme_addr_rule{65, command_status::invalid_dest_addr};
inline constexpr cstring_rule dl_name_rule{21, command_status::invalid_dl_name};
// query_sm_resp: empty, or an absolute time of 16 characters. No status names it.
inline constexpr cstring_rule final_date_rule{17, command_status::invalid_param_length};
// Absolute or relative time: empty, or 16 characters that parse_smpp_time reads.
inline constexpr cstring_rule schedule_rule{17, command_status::invalid_schedule};
inline constexpr cstring_rule validity_rule{17, command_status::invalid_expiry};
inline constexpr std::size_t max_short_message = 254;

// submit_multi: number_of_dests is 1..254 (§4.5.1); no_unsuccess in the response can't exceed it.
inline constexpr std::size_t max_dests = 254;
inline constexpr std::uint8_t dest_flag_sme_address = 1;
inline constexpr std::uint8_t dest_flag_distribution_list = 2;

// Value lengths of the standard TLVs (§5.3.2). A known tag outside its range is ESME_RINVPARLEN;
// unknown tags, and message_payload, may have any length.
struct tlv_rule {
    std::uint16_t tag;
    std::size_t min_length;
    std::size_t max_length;
};

inline constexpr tlv_rule tlv_rules[] = {
    {tag::payload_type, 1, 1},
    {tag::additional_status_info_text, 1, 256},
    {tag::receipted_message_id, 1, 65},
    {tag::user_message_reference, 2, 2},
    {tag::source_port, 2, 2},
    {tag::destination_port, 2, 2},
    {tag::sar_msg_ref_num, 2, 2},
    {tag::sar_total_segments, 1, 1},
    {tag::sar_segment_seqnum, 1, 1},
    {tag::sc_interface_version, 1, 1},
    {tag::network_error_code, 3, 3},
    {tag::delivery_failure_reason, 1, 1},
    {tag::more_messages_to_send, 1, 1},
    {tag::message_state, 1, 1},
    {tag::ussd_service_op, 1, 1},
};

constexpr bool tlv_length_ok(std::uint16_t t, std::size_t length) noexcept {
    for (const auto& rule : tlv_rules)
        if (rule.tag == t) return length >= rule.min_length && length <= rule.max_length;
    return true;
}

}  // namespace smpp::detail

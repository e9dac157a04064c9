#include "field_limits.hpp"
#include "wire.hpp"
#include "smpp/codec/smpp_time.hpp"

namespace smpp {
namespace {

using detail::cstring_rule;
using detail::reader;

// Runs the steps in order and stops at the first failure; keeps each body decoder a flat list.
template <typename... Steps>
command_status first_error(Steps&&... steps) {
    command_status result = command_status::ok;
    ((result == command_status::ok ? (result = steps(), 0) : 0), ...);
    return result;
}

// Each field reader returns ok or the status that names what is wrong with the PDU.
command_status read_cstring(reader& in, const cstring_rule& rule, std::string& out) {
    switch (in.cstring(rule.max_size, out)) {
        case reader::cstring_error::none: return command_status::ok;
        case reader::cstring_error::too_long: return rule.when_broken;
        case reader::cstring_error::unterminated: return command_status::invalid_cmd_length;
    }
    return command_status::invalid_cmd_length;
}

command_status read_time(reader& in, const cstring_rule& rule, std::string& out) {
    if (auto s = read_cstring(in, rule, out); s != command_status::ok) return s;
    if (!out.empty() && !parse_smpp_time(out)) return rule.when_broken;
    return command_status::ok;
}

command_status read_u8(reader& in, std::uint8_t& v) {
    return in.u8(v) ? command_status::ok : command_status::invalid_cmd_length;
}

command_status read_u32(reader& in, std::uint32_t& v) {
    return in.u32(v) ? command_status::ok : command_status::invalid_cmd_length;
}

// ton, npi, address: the triple every address in the spec is made of.
command_status read_address(reader& in, const cstring_rule& rule, std::uint8_t& ton, std::uint8_t& npi,
                            std::string& address) {
    return first_error([&] { return read_u8(in, ton); },
                       [&] { return read_u8(in, npi); },
                       [&] { return read_cstring(in, rule, address); });
}

// The source and destination triples, under the member names every body gives them.
template <typename Body>
command_status read_source(reader& in, const cstring_rule& rule, Body& b) {
    return read_address(in, rule, b.source_addr_ton, b.source_addr_npi, b.source_addr);
}

template <typename Body>
command_status read_dest(reader& in, const cstring_rule& rule, Body& b) {
    return read_address(in, rule, b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
}

command_status read_tlvs(reader& in, tlv_list& out) {
    while (in.remaining() > 0) {
        tlv t;
        std::uint16_t length = 0;
        if (!in.u16(t.tag) || !in.u16(length) || !in.octets(length, t.value))
            return command_status::invalid_optional_stream;
        if (!detail::tlv_length_ok(t.tag, length)) return command_status::invalid_param_length;
        out.push_back(std::move(t));
    }
    return command_status::ok;
}

command_status read_short_message(reader& in, std::string& out) {
    std::uint8_t sm_length = 0;
    if (!in.u8(sm_length)) return command_status::invalid_cmd_length;
    if (sm_length > detail::max_short_message || !in.octets(sm_length, out))
        return command_status::invalid_msg_length;
    return command_status::ok;
}

// A one-octet count, then that many entries: submit_multi's dest_address list and its
// response's unsuccess_sme list.
template <typename T, typename ReadOne>
command_status read_counted(reader& in, std::size_t min_count, std::vector<T>& out, ReadOne read_one) {
    std::uint8_t count = 0;
    if (!in.u8(count)) return command_status::invalid_cmd_length;
    if (count < min_count || count > detail::max_dests) return command_status::invalid_num_dests;
    for (std::uint8_t i = 0; i < count; ++i) {
        if (auto s = read_one(in, out.emplace_back()); s != command_status::ok) return s;
    }
    return command_status::ok;
}

command_status read_dest_address(reader& in, dest_address& out) {
    std::uint8_t flag = 0;
    if (!in.u8(flag)) return command_status::invalid_cmd_length;
    if (flag == detail::dest_flag_sme_address) {
        auto& sme = out.emplace<sme_address>();
        return read_address(in, detail::dest_addr_rule, sme.ton, sme.npi, sme.address);
    }
    if (flag == detail::dest_flag_distribution_list)
        return read_cstring(in, detail::dl_name_rule, out.emplace<distribution_list>().name);
    return command_status::invalid_dest_flag;
}

command_status read_unsuccess_sme(reader& in, unsuccess_sme& u) {
    std::uint32_t code = 0;
    auto s = first_error(
        [&] { return read_dest(in, detail::dest_addr_rule, u); },
        [&] { return read_u32(in, code); });
    u.error_status_code = static_cast<command_status>(code);
    return s;
}

// esm_class through short_message, then the TLVs: the part submit_sm, deliver_sm and
// submit_multi share field for field.
template <typename Body>
command_status read_message(reader& in, Body& b) {
    auto s = first_error([&] { return read_u8(in, b.esm_class); },
                         [&] { return read_u8(in, b.protocol_id); },
                         [&] { return read_u8(in, b.priority_flag); },
                         [&] { return read_time(in, detail::schedule_rule, b.schedule_delivery_time); },
                         [&] { return read_time(in, detail::validity_rule, b.validity_period); },
                         [&] { return read_u8(in, b.registered_delivery); },
                         [&] { return read_u8(in, b.replace_if_present_flag); },
                         [&] { return read_u8(in, b.data_coding); },
                         [&] { return read_u8(in, b.sm_default_msg_id); },
                         [&] { return read_short_message(in, b.short_message); },
                         [&] { return read_tlvs(in, b.tlvs); });
    // §5.3.2.32: message_payload and a non-empty short_message are mutually exclusive.
    if (s == command_status::ok && !b.short_message.empty() && find_tlv(b.tlvs, tag::message_payload))
        return command_status::invalid_msg_length;
    return s;
}

command_status decode_body(reader& in, bind_body& b) {
    return first_error([&] { return read_cstring(in, detail::system_id_rule, b.system_id); },
                       [&] { return read_cstring(in, detail::password_rule, b.password); },
                       [&] { return read_cstring(in, detail::system_type_rule, b.system_type); },
                       [&] { return read_u8(in, b.interface_version); },
                       [&] { return read_u8(in, b.addr_ton); },
                       [&] { return read_u8(in, b.addr_npi); },
                       [&] { return read_cstring(in, detail::address_range_rule, b.address_range); });
}

command_status decode_body(reader& in, bind_resp_body& b) {
    return first_error([&] { return read_cstring(in, detail::system_id_rule, b.system_id); },
                       [&] { return read_tlvs(in, b.tlvs); });
}

command_status decode_body(reader& in, outbind_body& b) {
    return first_error([&] { return read_cstring(in, detail::system_id_rule, b.system_id); },
                       [&] { return read_cstring(in, detail::password_rule, b.password); });
}

command_status decode_body(reader& in, sm_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::service_type_rule, b.service_type); },
        [&] { return read_source(in, detail::source_addr_rule, b); },
        [&] { return read_dest(in, detail::dest_addr_rule, b); },
        [&] { return read_message(in, b); });
}

command_status decode_body(reader& in, sm_resp_body& b) {
    return read_cstring(in, detail::message_id_rule, b.message_id);
}

command_status decode_body(reader& in, submit_multi_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::service_type_rule, b.service_type); },
        [&] { return read_source(in, detail::source_addr_rule, b); },
        [&] { return read_counted(in, 1, b.dest_addresses, read_dest_address); },
        [&] { return read_message(in, b); });
}

command_status decode_body(reader& in, submit_multi_resp_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::message_id_rule, b.message_id); },
        [&] { return read_counted(in, 0, b.unsuccess_smes, read_unsuccess_sme); });
}

command_status decode_body(reader& in, data_sm_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::service_type_rule, b.service_type); },
        [&] { return read_source(in, detail::long_source_addr_rule, b); },
        [&] { return read_dest(in, detail::long_dest_addr_rule, b); },
        [&] { return read_u8(in, b.esm_class); },
        [&] { return read_u8(in, b.registered_delivery); },
        [&] { return read_u8(in, b.data_coding); },
        [&] { return read_tlvs(in, b.tlvs); });
}

command_status decode_body(reader& in, data_sm_resp_body& b) {
    return first_error([&] { return read_cstring(in, detail::message_id_rule, b.message_id); },
                       [&] { return read_tlvs(in, b.tlvs); });
}

command_status decode_body(reader& in, query_sm_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::message_id_rule, b.message_id); },
        [&] { return read_source(in, detail::source_addr_rule, b); });
}

command_status decode_body(reader& in, query_sm_resp_body& b) {
    return first_error([&] { return read_cstring(in, detail::message_id_rule, b.message_id); },
                       [&] { return read_time(in, detail::final_date_rule, b.final_date); },
                       [&] { return read_u8(in, b.message_state); },
                       [&] { return read_u8(in, b.error_code); });
}

command_status decode_body(reader& in, cancel_sm_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::service_type_rule, b.service_type); },
        [&] { return read_cstring(in, detail::message_id_rule, b.message_id); },
        [&] { return read_source(in, detail::source_addr_rule, b); },
        [&] { return read_dest(in, detail::dest_addr_rule, b); });
}

command_status decode_body(reader& in, replace_sm_body& b) {
    return first_error(
        [&] { return read_cstring(in, detail::message_id_rule, b.message_id); },
        [&] { return read_source(in, detail::source_addr_rule, b); },
        [&] { return read_time(in, detail::schedule_rule, b.schedule_delivery_time); },
        [&] { return read_time(in, detail::validity_rule, b.validity_period); },
        [&] { return read_u8(in, b.registered_delivery); },
        [&] { return read_u8(in, b.sm_default_msg_id); },
        [&] { return read_short_message(in, b.short_message); });
}

command_status decode_body(reader& in, alert_notification_body& b) {
    return first_error(
        [&] { return read_source(in, detail::long_source_addr_rule, b); },
        [&] { return read_address(in, detail::esme_addr_rule, b.esme_addr_ton, b.esme_addr_npi,
                                   b.esme_addr); },
        [&] { return read_tlvs(in, b.tlvs); });
}

template <typename Body>
command_status decode_into(reader& in, pdu& out) {
    Body body;
    auto status = decode_body(in, body);
    if (status == command_status::ok && in.remaining() != 0) status = command_status::invalid_cmd_length;
    out.body = std::move(body);
    return status;
}

command_status decode_by_id(reader& in, pdu& out) {
    // A failed response may legitimately come without a body (§4.1.2, §4.4.2).
    if (is_response(out.id) && out.status != command_status::ok && in.remaining() == 0)
        return command_status::ok;
    switch (out.id) {
        case command_id::bind_receiver:
        case command_id::bind_transmitter:
        case command_id::bind_transceiver: return decode_into<bind_body>(in, out);
        case command_id::bind_receiver_resp:
        case command_id::bind_transmitter_resp:
        case command_id::bind_transceiver_resp: return decode_into<bind_resp_body>(in, out);
        case command_id::outbind: return decode_into<outbind_body>(in, out);
        case command_id::submit_sm:
        case command_id::deliver_sm: return decode_into<sm_body>(in, out);
        case command_id::submit_sm_resp:
        case command_id::deliver_sm_resp: return decode_into<sm_resp_body>(in, out);
        case command_id::submit_multi: return decode_into<submit_multi_body>(in, out);
        case command_id::submit_multi_resp: return decode_into<submit_multi_resp_body>(in, out);
        case command_id::data_sm: return decode_into<data_sm_body>(in, out);
        case command_id::data_sm_resp: return decode_into<data_sm_resp_body>(in, out);
        case command_id::query_sm: return decode_into<query_sm_body>(in, out);
        case command_id::query_sm_resp: return decode_into<query_sm_resp_body>(in, out);
        case command_id::cancel_sm: return decode_into<cancel_sm_body>(in, out);
        case command_id::replace_sm: return decode_into<replace_sm_body>(in, out);
        case command_id::alert_notification: return decode_into<alert_notification_body>(in, out);
        case command_id::generic_nack:
        case command_id::unbind:
        case command_id::unbind_resp:
        case command_id::enquire_link:
        case command_id::enquire_link_resp:
        case command_id::cancel_sm_resp:
        case command_id::replace_sm_resp:
            return in.remaining() == 0 ? command_status::ok : command_status::invalid_cmd_length;
    }
    return command_status::invalid_cmd_id;
}

}  // namespace

decode_result decode(std::span<const std::uint8_t> frame, pdu& out) {
    out = pdu{};
    reader in(frame);
    std::uint32_t length = 0, id = 0, status = 0;
    if (!in.u32(length) || !in.u32(id) || !in.u32(status) || !in.u32(out.sequence))
        return {command_status::invalid_cmd_length};
    out.id = static_cast<command_id>(id);
    out.status = static_cast<command_status>(status);
    if (length != frame.size()) return {command_status::invalid_cmd_length};
    if (!is_known(id)) return {command_status::invalid_cmd_id};
    return {decode_by_id(in, out)};
}

}  // namespace smpp

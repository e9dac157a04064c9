#include <algorithm>

#include "field_limits.hpp"
#include "wire.hpp"

namespace smpp {
namespace {

using detail::cstring_rule;

// Validates everything first so a refused PDU leaves the output buffer untouched.
command_status check(const cstring_rule& rule, const std::string& s) {
    return s.size() + 1 > rule.max_size || s.find('\0') != std::string::npos ? rule.when_broken
                                                                             : command_status::ok;
}

command_status check_time(const cstring_rule& rule, const std::string& s) {
    if (!s.empty() && s.size() != detail::time_field_length) return rule.when_broken;
    return check(rule, s);
}

command_status check_tlvs(const tlv_list& tlvs) {
    for (const auto& t : tlvs)
        if (t.value.size() > 0xFFFF) return command_status::invalid_param_length;
    return command_status::ok;
}

template <typename... Checks>
command_status first_error(Checks... results) {
    command_status all[] = {results...};
    for (auto s : all)
        if (s != command_status::ok) return s;
    return command_status::ok;
}

command_status validate(const std::monostate&) { return command_status::ok; }

command_status validate(const bind_body& b) {
    return first_error(check(detail::system_id_rule, b.system_id),
                       check(detail::password_rule, b.password),
                       check(detail::system_type_rule, b.system_type),
                       check(detail::address_range_rule, b.address_range));
}

command_status validate(const bind_resp_body& b) {
    return first_error(check(detail::system_id_rule, b.system_id), check_tlvs(b.tlvs));
}

command_status validate(const outbind_body& b) {
    return first_error(check(detail::system_id_rule, b.system_id),
                       check(detail::password_rule, b.password));
}

command_status validate(const sm_body& b) {
    const bool payload_clash =
        !b.short_message.empty() &&
        std::any_of(b.tlvs.begin(), b.tlvs.end(), [](const tlv& t) { return t.tag == tag::message_payload; });
    return first_error(check(detail::service_type_rule, b.service_type),
                       check(detail::source_addr_rule, b.source_addr),
                       check(detail::dest_addr_rule, b.destination_addr),
                       check_time(detail::schedule_rule, b.schedule_delivery_time),
                       check_time(detail::validity_rule, b.validity_period),
                       b.short_message.size() > detail::max_short_message || payload_clash
                           ? command_status::invalid_msg_length
                           : command_status::ok,
                       check_tlvs(b.tlvs));
}

command_status validate(const sm_resp_body& b) { return check(detail::message_id_rule, b.message_id); }

void put_tlvs(byte_buffer& out, const tlv_list& tlvs) {
    for (const auto& t : tlvs) {
        detail::put_u16(out, t.tag);
        detail::put_u16(out, static_cast<std::uint16_t>(t.value.size()));
        detail::put_octets(out, t.value);
    }
}

void put_body(byte_buffer&, const std::monostate&) {}

void put_body(byte_buffer& out, const bind_body& b) {
    detail::put_cstring(out, b.system_id);
    detail::put_cstring(out, b.password);
    detail::put_cstring(out, b.system_type);
    detail::put_u8(out, b.interface_version);
    detail::put_u8(out, b.addr_ton);
    detail::put_u8(out, b.addr_npi);
    detail::put_cstring(out, b.address_range);
}

void put_body(byte_buffer& out, const bind_resp_body& b) {
    detail::put_cstring(out, b.system_id);
    put_tlvs(out, b.tlvs);
}

void put_body(byte_buffer& out, const outbind_body& b) {
    detail::put_cstring(out, b.system_id);
    detail::put_cstring(out, b.password);
}

void put_body(byte_buffer& out, const sm_body& b) {
    detail::put_cstring(out, b.service_type);
    detail::put_u8(out, b.source_addr_ton);
    detail::put_u8(out, b.source_addr_npi);
    detail::put_cstring(out, b.source_addr);
    detail::put_u8(out, b.dest_addr_ton);
    detail::put_u8(out, b.dest_addr_npi);
    detail::put_cstring(out, b.destination_addr);
    detail::put_u8(out, b.esm_class);
    detail::put_u8(out, b.protocol_id);
    detail::put_u8(out, b.priority_flag);
    detail::put_cstring(out, b.schedule_delivery_time);
    detail::put_cstring(out, b.validity_period);
    detail::put_u8(out, b.registered_delivery);
    detail::put_u8(out, b.replace_if_present_flag);
    detail::put_u8(out, b.data_coding);
    detail::put_u8(out, b.sm_default_msg_id);
    detail::put_u8(out, static_cast<std::uint8_t>(b.short_message.size()));
    detail::put_octets(out, b.short_message);
    put_tlvs(out, b.tlvs);
}

void put_body(byte_buffer& out, const sm_resp_body& b) { detail::put_cstring(out, b.message_id); }

// Which body type a command carries; monostate for header-only PDUs.
template <typename Body>
bool body_matches(command_id id) {
    switch (id) {
        case command_id::bind_receiver:
        case command_id::bind_transmitter:
        case command_id::bind_transceiver: return std::is_same_v<Body, bind_body>;
        case command_id::bind_receiver_resp:
        case command_id::bind_transmitter_resp:
        case command_id::bind_transceiver_resp: return std::is_same_v<Body, bind_resp_body>;
        case command_id::outbind: return std::is_same_v<Body, outbind_body>;
        case command_id::submit_sm:
        case command_id::deliver_sm: return std::is_same_v<Body, sm_body>;
        case command_id::submit_sm_resp:
        case command_id::deliver_sm_resp: return std::is_same_v<Body, sm_resp_body>;
        default: return std::is_same_v<Body, std::monostate>;
    }
}

// A response that failed may go without a body; every other PDU must carry its own type.
bool body_allowed(const pdu& p) {
    if (!is_known(static_cast<std::uint32_t>(p.id))) return false;
    if (std::holds_alternative<std::monostate>(p.body) && is_response(p.id) && p.status != command_status::ok)
        return true;
    return std::visit([&](const auto& b) { return body_matches<std::decay_t<decltype(b)>>(p.id); }, p.body);
}

}  // namespace

command_status encode(const pdu& p, byte_buffer& out) {
    if (!body_allowed(p)) return command_status::invalid_cmd_id;
    if (auto s = std::visit([](const auto& b) { return validate(b); }, p.body); s != command_status::ok)
        return s;
    const std::size_t start = out.size();
    detail::put_u32(out, 0);  // command_length, patched below once the body is written
    detail::put_u32(out, static_cast<std::uint32_t>(p.id));
    detail::put_u32(out, static_cast<std::uint32_t>(p.status));
    detail::put_u32(out, p.sequence);
    std::visit([&](const auto& b) { put_body(out, b); }, p.body);
    detail::patch_u32(out, start, static_cast<std::uint32_t>(out.size() - start));
    return command_status::ok;
}

}  // namespace smpp

#include "field_limits.hpp"
#include "wire.hpp"
#include "smpp/codec/smpp_time.hpp"

namespace smpp {
namespace {

using detail::cstring_rule;

// Validates everything first so a refused PDU leaves the output buffer untouched.
command_status check(const cstring_rule& rule, const std::string& s) {
    return s.size() + 1 > rule.max_size || s.find('\0') != std::string::npos ? rule.when_broken
                                                                             : command_status::ok;
}

command_status check_time(const cstring_rule& rule, const std::string& s) {
    if (!s.empty() && !parse_smpp_time(s)) return rule.when_broken;
    return check(rule, s);
}

command_status check_tlvs(const tlv_list& tlvs) {
    for (const auto& t : tlvs)
        if (t.value.size() > 0xFFFF || !detail::tlv_length_ok(t.tag, t.value.size()))
            return command_status::invalid_param_length;
    return command_status::ok;
}

template <typename... Checks>
command_status first_error(Checks... results) {
    command_status all[] = {results...};
    for (auto s : all)
        if (s != command_status::ok) return s;
    return command_status::ok;
}

command_status check_short_message(const std::string& sm, const tlv_list& tlvs) {
    // §5.3.2.32: message_payload and a non-empty short_message are mutually exclusive.
    const bool payload_clash = !sm.empty() && find_tlv(tlvs, tag::message_payload);
    return sm.size() > detail::max_short_message || payload_clash ? command_status::invalid_msg_length
                                                                   : command_status::ok;
}

// esm_class through the TLVs, shared by submit_sm, deliver_sm and submit_multi.
template <typename Body>
command_status check_message(const Body& b) {
    return first_error(check_time(detail::schedule_rule, b.schedule_delivery_time),
                       check_time(detail::validity_rule, b.validity_period),
                       check_short_message(b.short_message, b.tlvs),
                       check_tlvs(b.tlvs));
}

command_status check_count(std::size_t n, std::size_t min_count) {
    return n < min_count || n > detail::max_dests ? command_status::invalid_num_dests : command_status::ok;
}

command_status check_dest(const dest_address& d) {
    if (const auto* sme = std::get_if<sme_address>(&d)) return check(detail::dest_addr_rule, sme->address);
    return check(detail::dl_name_rule, std::get<distribution_list>(d).name);
}

template <typename T, typename CheckOne>
command_status check_each(const std::vector<T>& items, CheckOne check_one) {
    for (const auto& item : items)
        if (auto s = check_one(item); s != command_status::ok) return s;
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
    return first_error(check(detail::service_type_rule, b.service_type),
                       check(detail::source_addr_rule, b.source_addr),
                       check(detail::dest_addr_rule, b.destination_addr),
                       check_message(b));
}

command_status validate(const sm_resp_body& b) { return check(detail::message_id_rule, b.message_id); }

command_status validate(const submit_multi_body& b) {
    return first_error(check(detail::service_type_rule, b.service_type),
                       check(detail::source_addr_rule, b.source_addr),
                       check_count(b.dest_addresses.size(), 1),
                       check_each(b.dest_addresses, check_dest),
                       check_message(b));
}

command_status validate(const submit_multi_resp_body& b) {
    return first_error(check(detail::message_id_rule, b.message_id),
                       check_count(b.unsuccess_smes.size(), 0),
                       check_each(b.unsuccess_smes, [](const unsuccess_sme& u) {
                           return check(detail::dest_addr_rule, u.destination_addr);
                       }));
}

command_status validate(const data_sm_body& b) {
    return first_error(check(detail::service_type_rule, b.service_type),
                       check(detail::long_source_addr_rule, b.source_addr),
                       check(detail::long_dest_addr_rule, b.destination_addr),
                       check_tlvs(b.tlvs));
}

command_status validate(const data_sm_resp_body& b) {
    return first_error(check(detail::message_id_rule, b.message_id), check_tlvs(b.tlvs));
}

command_status validate(const query_sm_body& b) {
    return first_error(check(detail::message_id_rule, b.message_id),
                       check(detail::source_addr_rule, b.source_addr));
}

command_status validate(const query_sm_resp_body& b) {
    return first_error(check(detail::message_id_rule, b.message_id),
                       check_time(detail::final_date_rule, b.final_date));
}

command_status validate(const cancel_sm_body& b) {
    return first_error(check(detail::service_type_rule, b.service_type),
                       check(detail::message_id_rule, b.message_id),
                       check(detail::source_addr_rule, b.source_addr),
                       check(detail::dest_addr_rule, b.destination_addr));
}

command_status validate(const replace_sm_body& b) {
    return first_error(check(detail::message_id_rule, b.message_id),
                       check(detail::source_addr_rule, b.source_addr),
                       check_time(detail::schedule_rule, b.schedule_delivery_time),
                       check_time(detail::validity_rule, b.validity_period),
                       check_short_message(b.short_message, {}));
}

command_status validate(const alert_notification_body& b) {
    return first_error(check(detail::long_source_addr_rule, b.source_addr),
                       check(detail::esme_addr_rule, b.esme_addr),
                       check_tlvs(b.tlvs));
}

void put_tlvs(byte_buffer& out, const tlv_list& tlvs) {
    for (const auto& t : tlvs) {
        detail::put_u16(out, t.tag);
        detail::put_u16(out, static_cast<std::uint16_t>(t.value.size()));
        detail::put_octets(out, t.value);
    }
}

void put_address(byte_buffer& out, std::uint8_t ton, std::uint8_t npi, const std::string& address) {
    detail::put_u8(out, ton);
    detail::put_u8(out, npi);
    detail::put_cstring(out, address);
}

void put_short_message(byte_buffer& out, const std::string& sm) {
    detail::put_u8(out, static_cast<std::uint8_t>(sm.size()));
    detail::put_octets(out, sm);
}

template <typename Body>
void put_message(byte_buffer& out, const Body& b) {
    detail::put_u8(out, b.esm_class);
    detail::put_u8(out, b.protocol_id);
    detail::put_u8(out, b.priority_flag);
    detail::put_cstring(out, b.schedule_delivery_time);
    detail::put_cstring(out, b.validity_period);
    detail::put_u8(out, b.registered_delivery);
    detail::put_u8(out, b.replace_if_present_flag);
    detail::put_u8(out, b.data_coding);
    detail::put_u8(out, b.sm_default_msg_id);
    put_short_message(out, b.short_message);
    put_tlvs(out, b.tlvs);
}

void put_body(byte_buffer&, const std::monostate&) {}

void put_body(byte_buffer& out, const bind_body& b) {
    detail::put_cstring(out, b.system_id);
    detail::put_cstring(out, b.password);
    detail::put_cstring(out, b.system_type);
    detail::put_u8(out, b.interface_version);
    put_address(out, b.addr_ton, b.addr_npi, b.address_range);
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
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
    put_address(out, b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
    put_message(out, b);
}

void put_body(byte_buffer& out, const sm_resp_body& b) { detail::put_cstring(out, b.message_id); }

void put_body(byte_buffer& out, const submit_multi_body& b) {
    detail::put_cstring(out, b.service_type);
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
    detail::put_u8(out, static_cast<std::uint8_t>(b.dest_addresses.size()));
    for (const auto& d : b.dest_addresses) {
        if (const auto* sme = std::get_if<sme_address>(&d)) {
            detail::put_u8(out, detail::dest_flag_sme_address);
            put_address(out, sme->ton, sme->npi, sme->address);
        } else {
            detail::put_u8(out, detail::dest_flag_distribution_list);
            detail::put_cstring(out, std::get<distribution_list>(d).name);
        }
    }
    put_message(out, b);
}

void put_body(byte_buffer& out, const submit_multi_resp_body& b) {
    detail::put_cstring(out, b.message_id);
    detail::put_u8(out, static_cast<std::uint8_t>(b.unsuccess_smes.size()));
    for (const auto& u : b.unsuccess_smes) {
        put_address(out, u.dest_addr_ton, u.dest_addr_npi, u.destination_addr);
        detail::put_u32(out, static_cast<std::uint32_t>(u.error_status_code));
    }
}

void put_body(byte_buffer& out, const data_sm_body& b) {
    detail::put_cstring(out, b.service_type);
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
    put_address(out, b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
    detail::put_u8(out, b.esm_class);
    detail::put_u8(out, b.registered_delivery);
    detail::put_u8(out, b.data_coding);
    put_tlvs(out, b.tlvs);
}

void put_body(byte_buffer& out, const data_sm_resp_body& b) {
    detail::put_cstring(out, b.message_id);
    put_tlvs(out, b.tlvs);
}

void put_body(byte_buffer& out, const query_sm_body& b) {
    detail::put_cstring(out, b.message_id);
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
}

void put_body(byte_buffer& out, const query_sm_resp_body& b) {
    detail::put_cstring(out, b.message_id);
    detail::put_cstring(out, b.final_date);
    detail::put_u8(out, b.message_state);
    detail::put_u8(out, b.error_code);
}

void put_body(byte_buffer& out, const cancel_sm_body& b) {
    detail::put_cstring(out, b.service_type);
    detail::put_cstring(out, b.message_id);
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
    put_address(out, b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
}

void put_body(byte_buffer& out, const replace_sm_body& b) {
    detail::put_cstring(out, b.message_id);
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
    detail::put_cstring(out, b.schedule_delivery_time);
    detail::put_cstring(out, b.validity_period);
    detail::put_u8(out, b.registered_delivery);
    detail::put_u8(out, b.sm_default_msg_id);
    put_short_message(out, b.short_message);
}

void put_body(byte_buffer& out, const alert_notification_body& b) {
    put_address(out, b.source_addr_ton, b.source_addr_npi, b.source_addr);
    put_address(out, b.esme_addr_ton, b.esme_addr_npi, b.esme_addr);
    put_tlvs(out, b.tlvs);
}

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
        case command_id::submit_multi: return std::is_same_v<Body, submit_multi_body>;
        case command_id::submit_multi_resp: return std::is_same_v<Body, submit_multi_resp_body>;
        case command_id::data_sm: return std::is_same_v<Body, data_sm_body>;
        case command_id::data_sm_resp: return std::is_same_v<Body, data_sm_resp_body>;
        case command_id::query_sm: return std::is_same_v<Body, query_sm_body>;
        case command_id::query_sm_resp: return std::is_same_v<Body, query_sm_resp_body>;
        case command_id::cancel_sm: return std::is_same_v<Body, cancel_sm_body>;
        case command_id::replace_sm: return std::is_same_v<Body, replace_sm_body>;
        case command_id::alert_notification: return std::is_same_v<Body, alert_notification_body>;
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

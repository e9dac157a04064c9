#include "smpp/codec/describe.hpp"

#include <array>
#include <variant>

#include <fmt/format.h>

#include "smpp/traffic/text.hpp"

namespace smpp {
namespace {

enum class tlv_kind { number, cstring, octets, network_error, payload };

struct tlv_info {
    std::uint16_t tag;
    std::string_view name;
    tlv_kind kind;
};

using k = tlv_kind;
// §5.3.2, Table 5-7.
constexpr std::array<tlv_info, 46> tlv_table = {{
    {0x0005, "dest_addr_subunit", k::number},        {0x0006, "dest_network_type", k::number},
    {0x0007, "dest_bearer_type", k::number},         {0x0008, "dest_telematics_id", k::number},
    {0x000D, "source_addr_subunit", k::number},      {0x000E, "source_network_type", k::number},
    {0x000F, "source_bearer_type", k::number},       {0x0010, "source_telematics_id", k::number},
    {0x0017, "qos_time_to_live", k::number},         {0x0019, "payload_type", k::number},
    {0x001D, "additional_status_info_text", k::cstring}, {0x001E, "receipted_message_id", k::cstring},
    {0x0030, "ms_msg_wait_facilities", k::number},   {0x0201, "privacy_indicator", k::number},
    {0x0202, "source_subaddress", k::octets},        {0x0203, "dest_subaddress", k::octets},
    {0x0204, "user_message_reference", k::number},   {0x0205, "user_response_code", k::number},
    {0x020A, "source_port", k::number},              {0x020B, "destination_port", k::number},
    {0x020C, "sar_msg_ref_num", k::number},          {0x020D, "language_indicator", k::number},
    {0x020E, "sar_total_segments", k::number},       {0x020F, "sar_segment_seqnum", k::number},
    {0x0210, "sc_interface_version", k::number},     {0x0302, "callback_num_pres_ind", k::number},
    {0x0303, "callback_num_atag", k::octets},        {0x0304, "number_of_messages", k::number},
    {0x0381, "callback_num", k::octets},             {0x0420, "dpf_result", k::number},
    {0x0421, "set_dpf", k::number},                  {0x0422, "ms_availability_status", k::number},
    {0x0423, "network_error_code", k::network_error}, {0x0424, "message_payload", k::payload},
    {0x0425, "delivery_failure_reason", k::number},  {0x0426, "more_messages_to_send", k::number},
    {0x0427, "message_state", k::number},            {0x0501, "ussd_service_op", k::number},
    {0x1201, "display_time", k::number},             {0x1203, "sms_signal", k::number},
    {0x1204, "ms_validity", k::number},              {0x130C, "alert_on_message_delivery", k::octets},
    {0x1380, "its_reply_type", k::number},           {0x1383, "its_session_info", k::octets},
    {0x0383, "source_network_id", k::octets},        {0x0384, "dest_network_id", k::octets},
}};

const tlv_info* find_info(std::uint16_t tag) noexcept {
    for (const auto& i : tlv_table)
        if (i.tag == tag) return &i;
    return nullptr;
}

// SMPP C-strings are ASCII in practice; any other octet is shown as its Latin-1 character so
// that the value stays valid UTF-8 whatever the peer sent.
std::string printable(std::string_view s) { return *traffic::decode_text(s, 0x03); }

struct field_list {
    std::vector<described_field>& out;
    void text(std::string_view name, std::string_view value) { out.push_back({std::string(name), printable(value)}); }
    void number(std::string_view name, unsigned value) { out.push_back({std::string(name), std::to_string(value), true}); }
    void raw(std::string_view name, std::string value) { out.push_back({std::string(name), std::move(value)}); }
    // `prefix` names the ton/npi pair: dest_addr_ton goes with destination_addr.
    void address(std::string_view prefix, std::string_view name, std::uint8_t ton, std::uint8_t npi,
                 std::string_view addr) {
        number(fmt::format("{}_ton", prefix), ton);
        number(fmt::format("{}_npi", prefix), npi);
        text(name, addr);
    }
    // The message itself: UDH apart (hex), the rest decoded, or hex when it is no text.
    void message(std::string_view name, std::string_view octets, std::uint8_t data_coding, bool udhi) {
        const std::size_t header = udhi ? udh_size(octets) : 0;
        if (header != 0) raw("udh", to_hex(octets.substr(0, header)));
        const auto body = octets.substr(header);
        if (auto decoded = traffic::decode_text(body, data_coding))
            raw(name, std::move(*decoded));
        else
            raw(fmt::format("{}_hex", name), to_hex(body));
    }
};

bool udhi_of(std::uint8_t esm_class) { return (esm_class & 0x40) != 0; }

void describe_body(field_list& f, const bind_body& b) {
    f.text("system_id", b.system_id);
    f.raw("password", "***");  // never logged, whatever the flags
    f.text("system_type", b.system_type);
    f.raw("interface_version", fmt::format("0x{:02x}", b.interface_version));
    f.number("addr_ton", b.addr_ton);
    f.number("addr_npi", b.addr_npi);
    f.text("address_range", b.address_range);
}

void describe_body(field_list& f, const bind_resp_body& b) { f.text("system_id", b.system_id); }

void describe_body(field_list& f, const outbind_body& b) {
    f.text("system_id", b.system_id);
    f.raw("password", "***");
}

void describe_body(field_list& f, const sm_body& b) {
    f.text("service_type", b.service_type);
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
    f.address("dest_addr", "destination_addr", b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
    f.number("esm_class", b.esm_class);
    f.number("protocol_id", b.protocol_id);
    f.number("priority_flag", b.priority_flag);
    f.text("schedule_delivery_time", b.schedule_delivery_time);
    f.text("validity_period", b.validity_period);
    f.number("registered_delivery", b.registered_delivery);
    f.number("replace_if_present_flag", b.replace_if_present_flag);
    f.number("data_coding", b.data_coding);
    f.number("sm_default_msg_id", b.sm_default_msg_id);
    f.number("sm_length", static_cast<unsigned>(b.short_message.size()));
    f.message("short_message", b.short_message, b.data_coding, udhi_of(b.esm_class));
}

void describe_body(field_list& f, const sm_resp_body& b) { f.text("message_id", b.message_id); }

std::string dest_list(const std::vector<dest_address>& dests) {
    std::string out;
    for (const auto& d : dests) {
        if (!out.empty()) out += ' ';
        if (const auto* a = std::get_if<sme_address>(&d))
            out += fmt::format("{}/{}/{}", a->ton, a->npi, printable(a->address));
        else
            out += "list:" + printable(std::get<distribution_list>(d).name);
    }
    return out;
}

void describe_body(field_list& f, const submit_multi_body& b) {
    f.text("service_type", b.service_type);
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
    f.number("number_of_dests", static_cast<unsigned>(b.dest_addresses.size()));
    f.raw("dest_addresses", dest_list(b.dest_addresses));
    f.number("esm_class", b.esm_class);
    f.number("protocol_id", b.protocol_id);
    f.number("priority_flag", b.priority_flag);
    f.text("schedule_delivery_time", b.schedule_delivery_time);
    f.text("validity_period", b.validity_period);
    f.number("registered_delivery", b.registered_delivery);
    f.number("replace_if_present_flag", b.replace_if_present_flag);
    f.number("data_coding", b.data_coding);
    f.number("sm_default_msg_id", b.sm_default_msg_id);
    f.number("sm_length", static_cast<unsigned>(b.short_message.size()));
    f.message("short_message", b.short_message, b.data_coding, udhi_of(b.esm_class));
}

void describe_body(field_list& f, const submit_multi_resp_body& b) {
    f.text("message_id", b.message_id);
    f.number("no_unsuccess", static_cast<unsigned>(b.unsuccess_smes.size()));
    std::string list;
    for (const auto& u : b.unsuccess_smes) {
        if (!list.empty()) list += ' ';
        list += fmt::format("{}/{}/{}={}", u.dest_addr_ton, u.dest_addr_npi, printable(u.destination_addr),
                            name_of(u.error_status_code));
    }
    f.raw("unsuccess_smes", std::move(list));
}

void describe_body(field_list& f, const data_sm_body& b) {
    f.text("service_type", b.service_type);
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
    f.address("dest_addr", "destination_addr", b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
    f.number("esm_class", b.esm_class);
    f.number("registered_delivery", b.registered_delivery);
    f.number("data_coding", b.data_coding);
}

void describe_body(field_list& f, const data_sm_resp_body& b) { f.text("message_id", b.message_id); }

void describe_body(field_list& f, const query_sm_body& b) {
    f.text("message_id", b.message_id);
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
}

void describe_body(field_list& f, const query_sm_resp_body& b) {
    f.text("message_id", b.message_id);
    f.text("final_date", b.final_date);
    f.number("message_state", b.message_state);
    f.number("error_code", b.error_code);
}

void describe_body(field_list& f, const cancel_sm_body& b) {
    f.text("service_type", b.service_type);
    f.text("message_id", b.message_id);
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
    f.address("dest_addr", "destination_addr", b.dest_addr_ton, b.dest_addr_npi, b.destination_addr);
}

void describe_body(field_list& f, const replace_sm_body& b) {
    f.text("message_id", b.message_id);
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
    f.text("schedule_delivery_time", b.schedule_delivery_time);
    f.text("validity_period", b.validity_period);
    f.number("registered_delivery", b.registered_delivery);
    f.number("sm_default_msg_id", b.sm_default_msg_id);
    f.number("sm_length", static_cast<unsigned>(b.short_message.size()));
    // replace_sm carries no data_coding (the original message's applies): the octets as they are.
    f.raw("short_message_hex", to_hex(b.short_message));
}

void describe_body(field_list& f, const alert_notification_body& b) {
    f.address("source_addr", "source_addr", b.source_addr_ton, b.source_addr_npi, b.source_addr);
    f.address("esme_addr", "esme_addr", b.esme_addr_ton, b.esme_addr_npi, b.esme_addr);
}

void describe_body(field_list&, const std::monostate&) {}

template <typename Body>
constexpr bool has_tlvs = requires(const Body& b) { b.tlvs; };

std::uint8_t data_coding_of(const pdu_body& body) {
    if (const auto* d = std::get_if<data_sm_body>(&body)) return d->data_coding;
    if (const auto* s = std::get_if<sm_body>(&body)) return s->data_coding;
    return 0;
}

bool udhi_in(const pdu_body& body) {
    if (const auto* d = std::get_if<data_sm_body>(&body)) return udhi_of(d->esm_class);
    return false;  // submit_sm's UDH is in short_message, never in a payload beside it
}

// The value by the tag's type; hex (and `name` gains _hex) when the length does not fit the type.
std::string tlv_value(const tlv_info& info, const tlv& t, std::string& name) {
    const std::string_view v = t.value;
    switch (info.kind) {
        case k::number:
            if (v.size() == 1 || v.size() == 2 || v.size() == 4) {
                std::uint32_t n = 0;
                for (unsigned char c : v) n = n << 8 | c;
                return std::to_string(n);
            }
            break;
        case k::cstring:
            if (!v.empty() && v.find('\0') == v.size() - 1) return printable(v.substr(0, v.size() - 1));
            break;
        case k::network_error:
            if (v.size() == 3)
                return fmt::format("{}:{}", static_cast<unsigned char>(v[0]),
                                   static_cast<unsigned char>(v[1]) << 8 | static_cast<unsigned char>(v[2]));
            break;
        case k::payload:
        case k::octets: break;
    }
    name = fmt::format("{}_hex", info.name);
    return to_hex(v);
}

}  // namespace

std::string_view tlv_name(std::uint16_t tag) noexcept {
    const auto* info = find_info(tag);
    return info ? info->name : std::string_view{};
}

std::string to_hex(std::string_view octets) {
    std::string out;
    out.reserve(octets.size() * 2);
    for (unsigned char c : octets) fmt::format_to(std::back_inserter(out), "{:02x}", c);
    return out;
}

std::size_t udh_size(std::string_view octets) noexcept {
    if (octets.empty()) return 0;
    const std::size_t size = 1 + static_cast<unsigned char>(octets[0]);
    return size <= octets.size() ? size : 0;
}

std::vector<described_field> describe_tlvs(const tlv_list& tlvs, std::uint8_t data_coding, bool udhi) {
    std::vector<described_field> out;
    for (const auto& t : tlvs) {
        const auto* info = find_info(t.tag);
        if (!info) {
            out.push_back({fmt::format("tlv_0x{:04x}", t.tag), to_hex(t.value)});
            continue;
        }
        if (info->kind == k::payload) {
            field_list{out}.message(info->name, t.value, data_coding, udhi);
            continue;
        }
        std::string name(info->name);
        std::string value = tlv_value(*info, t, name);
        const bool number = info->kind == k::number && name == info->name;
        out.push_back({std::move(name), std::move(value), number});
    }
    return out;
}

pdu_description describe(const pdu& p) {
    pdu_description d;
    field_list f{d.fields};
    std::visit(
        [&](const auto& body) {
            describe_body(f, body);
            if constexpr (has_tlvs<std::decay_t<decltype(body)>>)
                d.tlvs = describe_tlvs(body.tlvs, data_coding_of(p.body), udhi_in(p.body));
        },
        p.body);
    return d;
}

}  // namespace smpp

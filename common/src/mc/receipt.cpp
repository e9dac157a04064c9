#include "smpp/mc/receipt.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace smpp::mc {
namespace {

constexpr std::array<std::string_view, 7> format_names{"standard", "seconds",  "no-sub",   "err4",
                                                       "decimal-id", "tlv-only", "text-only"};

// The id as the text quotes it: decimal_id turns the simulator's hex ids into decimal, so a
// client matching the literal id fails and must match on the numeric value.
std::string text_id(const receipt_facts& facts) {
    if (facts.format != receipt_format::decimal_id) return facts.message_id;
    std::uint64_t value = 0;
    const auto* first = facts.message_id.data();
    const auto* last = first + facts.message_id.size();
    const auto [end, ec] = std::from_chars(first, last, value, 16);
    if (facts.message_id.empty() || ec != std::errc{} || end != last) return facts.message_id;
    return std::to_string(value);
}

}  // namespace

std::string_view name_of(receipt_format f) noexcept { return format_names[static_cast<std::size_t>(f)]; }

std::optional<receipt_format> receipt_format_of(std::string_view name) noexcept {
    for (std::size_t i = 0; i < format_names.size(); ++i)
        if (format_names[i] == name) return static_cast<receipt_format>(i);
    return std::nullopt;
}

std::string receipt_date(std::chrono::system_clock::time_point t, bool seconds) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss time{floor<std::chrono::seconds>(t - day)};
    char out[32];  // ample: the compiler cannot prove every field stays two digits
    std::snprintf(out, sizeof out, "%02d%02u%02u%02d%02d", static_cast<int>(ymd.year()) % 100,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()));
    std::string date = out;
    if (seconds) {
        std::snprintf(out, sizeof out, "%02d", static_cast<int>(time.seconds().count()));
        date += out;
    }
    return date;
}

std::string absolute_time(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto second = floor<seconds>(t);
    const auto tenths = duration_cast<milliseconds>(t - second).count() / 100;
    const auto in_minute = (second - floor<minutes>(t)).count();
    char out[16];  // ample, as in receipt_date
    // Seconds, tenths, then UTC: an offset of 00 quarter hours, direction +.
    std::snprintf(out, sizeof out, "%02d%d00+", static_cast<int>(in_minute), static_cast<int>(tenths));
    return receipt_date(t) + out;
}

std::string_view stat_of(message_state s) noexcept {
    switch (s) {
        case message_state::delivered: return "DELIVRD";
        case message_state::expired: return "EXPIRED";
        case message_state::deleted: return "DELETED";
        case message_state::undeliverable: return "UNDELIV";
        case message_state::accepted: return "ACCEPTD";
        case message_state::rejected: return "REJECTD";
        case message_state::enroute: return "ENROUTE";
        case message_state::unknown: break;
    }
    return "UNKNOWN";
}

std::optional<message_state> state_of_stat(std::string_view stat) noexcept {
    for (std::uint8_t v = 1; v <= 8; ++v) {
        const auto s = static_cast<message_state>(v);
        if (stat_of(s) == stat) return s;
    }
    return std::nullopt;
}

std::string receipt_text(const receipt_facts& facts) {
    const auto f = facts.format;
    if (f == receipt_format::tlv_only) return {};
    char err[8];
    if (f == receipt_format::err4)
        std::snprintf(err, sizeof err, "%04u", static_cast<unsigned>(facts.err % 10000));
    else
        std::snprintf(err, sizeof err, "%03u", static_cast<unsigned>(facts.err % 1000));
    const bool delivered = facts.state == message_state::delivered;
    const bool seconds = f == receipt_format::seconds;
    std::string out = "id:" + text_id(facts);
    if (f != receipt_format::no_sub) {
        out += " sub:001 dlvrd:";
        out += delivered ? "001" : "000";
    }
    out += " submit date:" + receipt_date(facts.submitted, seconds);
    out += " done date:" + receipt_date(facts.done, seconds);
    out += " stat:" + facts.stat;
    out += " err:";
    out += err;
    out += " text:";
    out.append(facts.text, 0, std::min(facts.text.size(), receipt_text_octets));
    return out;
}

std::string_view message_of(const sm_body& submit) {
    if (!submit.short_message.empty()) return submit.short_message;
    for (const auto& t : submit.tlvs)
        if (t.tag == tag::message_payload) return t.value;
    return {};
}

sm_body receipt_body(const sm_body& submit, const receipt_facts& facts) {
    return receipt_body({submit.source_addr_ton, submit.source_addr_npi, submit.source_addr},
                        {submit.dest_addr_ton, submit.dest_addr_npi, submit.destination_addr}, facts);
}

sm_body reply_to(const sme_address& submitter, const sme_address& recipient) {
    sm_body r;
    r.source_addr_ton = recipient.ton;
    r.source_addr_npi = recipient.npi;
    r.source_addr = recipient.address;
    r.dest_addr_ton = submitter.ton;
    r.dest_addr_npi = submitter.npi;
    r.destination_addr = submitter.address;
    return r;
}

sm_body receipt_body(const sme_address& submitter, const sme_address& recipient, const receipt_facts& facts) {
    sm_body r = reply_to(submitter, recipient);
    r.esm_class = facts.intermediate ? esm_class_intermediate : esm_class_delivery_receipt;
    r.short_message = receipt_text(facts);
    if (facts.format == receipt_format::text_only) return r;
    std::string id = facts.message_id;
    id.push_back('\0');  // receipted_message_id is a C-string: the NUL travels too
    r.tlvs.push_back(tlv{tag::receipted_message_id, std::move(id)});
    r.tlvs.push_back(tlv{tag::message_state, std::string(1, static_cast<char>(facts.state))});
    if (!facts.intermediate && facts.state != message_state::delivered) set_network_error_code(r.tlvs, {network_type_gsm, facts.err});
    return r;
}

}  // namespace smpp::mc

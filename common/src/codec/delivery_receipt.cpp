#include "smpp/codec/delivery_receipt.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace smpp {
namespace {

char upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) { return upper(a) == upper(b); });
}

bool all_digits(std::string_view s) noexcept {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <class T>
std::optional<T> number(std::string_view s, std::size_t max_digits) noexcept {
    if (!all_digits(s) || s.size() > max_digits) return std::nullopt;
    T v{};
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// YYMMDDhhmm, or YYMMDDhhmmss as some MCs write it; anything else is dropped, not fatal.
std::string date_of(std::string_view s) { return all_digits(s) && (s.size() == 10 || s.size() == 12) ? std::string(s) : std::string(); }

enum class key : std::uint8_t { id, sub, dlvrd, submit_date, done_date, stat, err, text, count };

// Both spellings vendors use for the two-word keys. "text:" comes last and runs to the end.
constexpr std::array<std::pair<std::string_view, key>, 10> keys{{{"id:", key::id},
                                                                 {"sub:", key::sub},
                                                                 {"dlvrd:", key::dlvrd},
                                                                 {"submit date:", key::submit_date},
                                                                 {"submit_date:", key::submit_date},
                                                                 {"done date:", key::done_date},
                                                                 {"done_date:", key::done_date},
                                                                 {"stat:", key::stat},
                                                                 {"err:", key::err},
                                                                 {"text:", key::text}}};

using text_fields = std::array<std::optional<std::string_view>, static_cast<std::size_t>(key::count)>;

// One pass over the text: a key counts only at the start of a word, so "xid:" is no "id:"; the
// first occurrence wins; nothing after "text:" is read as a key (the quoted message may hold any).
text_fields scan(std::string_view text) noexcept {
    text_fields out;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto rest = text.substr(at);
        const auto k = std::find_if(keys.begin(), keys.end(), [&](const auto& e) { return starts_with_nocase(rest, e.first); });
        if (k == keys.end()) {
            const auto space = text.find(' ', at);
            if (space == std::string_view::npos) break;
            at = space + 1;
            continue;
        }
        auto value = rest.substr(k->first.size());
        if (k->second != key::text) value = value.substr(0, value.find(' '));
        auto& slot = out[static_cast<std::size_t>(k->second)];
        if (!slot) slot = value;
        if (k->second == key::text) break;
        at += k->first.size() + value.size();
    }
    return out;
}

std::string upper_case(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), upper);
    return out;
}

void read_text(std::string_view text, delivery_receipt& r) {
    const auto f = scan(text);
    auto field = [&f](key k) { return f[static_cast<std::size_t>(k)].value_or(std::string_view{}); };
    r.text_id = field(key::id);
    r.submitted = number<unsigned>(field(key::sub), 9);
    r.delivered = number<unsigned>(field(key::dlvrd), 9);
    r.submit_date = date_of(field(key::submit_date));
    r.done_date = date_of(field(key::done_date));
    r.stat = upper_case(field(key::stat));
    r.err = field(key::err);
    r.text = field(key::text);
    r.error_code = number<std::uint16_t>(r.err, 4);
}

// A message_state TLV outside Table 5-6 says nothing: the text may still.
std::optional<message_state> valid_state(std::optional<message_state> s) noexcept {
    if (!s) return std::nullopt;
    const auto v = static_cast<unsigned>(*s);
    return v >= 1 && v <= 8 ? s : std::nullopt;
}

std::string_view payload_of(const tlv_list& tlvs) noexcept {
    return get_octets(tlvs, tag::message_payload).value_or(std::string_view{});
}

}  // namespace

std::optional<std::string_view> receipt_field(std::string_view text, std::string_view key) noexcept {
    for (std::size_t at = 0; at < text.size(); ++at) {
        // "submit date:" must not be read as a "date:" key, nor "xid:" as "id:".
        if (at != 0 && text[at - 1] != ' ') continue;
        if (!starts_with_nocase(text.substr(at), key)) continue;
        const auto value = text.substr(at + key.size());
        return value.substr(0, value.find(' '));
    }
    return std::nullopt;
}

std::optional<message_state> receipt_state_of(std::string_view stat) noexcept {
    // The seven-letter words of Appendix B, then the long forms a few MCs write instead.
    static constexpr std::array<std::pair<std::string_view, message_state>, 12> words{{
        {"ENROUTE", message_state::enroute},        {"DELIVRD", message_state::delivered},
        {"EXPIRED", message_state::expired},        {"DELETED", message_state::deleted},
        {"UNDELIV", message_state::undeliverable},  {"ACCEPTD", message_state::accepted},
        {"UNKNOWN", message_state::unknown},        {"REJECTD", message_state::rejected},
        {"DELIVERED", message_state::delivered},    {"UNDELIVERABLE", message_state::undeliverable},
        {"ACCEPTED", message_state::accepted},      {"REJECTED", message_state::rejected},
    }};
    for (const auto& [word, state] : words)
        if (word.size() == stat.size() && starts_with_nocase(stat, word)) return state;
    return std::nullopt;
}

std::optional<delivery_receipt> parse_receipt(std::uint8_t esm_class, std::string_view text, const tlv_list& tlvs) {
    if (!is_receipt(esm_class)) return std::nullopt;
    delivery_receipt r;
    r.intermediate = is_intermediate_notification(esm_class);
    read_text(text, r);
    const auto tlv_id = get_cstring(tlvs, tag::receipted_message_id);
    r.message_id = tlv_id && !tlv_id->empty() ? std::string(*tlv_id) : r.text_id;
    r.state = valid_state(get_message_state(tlvs));
    if (!r.state && !r.stat.empty()) r.state = receipt_state_of(r.stat);
    r.network = get_network_error_code(tlvs);
    if (r.network) r.error_code = r.network->error_code;
    if (r.message_id.empty()) return std::nullopt;
    return r;
}

std::optional<delivery_receipt> parse_receipt(const sm_body& deliver) {
    const std::string_view text = deliver.short_message.empty() ? payload_of(deliver.tlvs) : deliver.short_message;
    return parse_receipt(deliver.esm_class, text, deliver.tlvs);
}

std::optional<delivery_receipt> parse_receipt(const data_sm_body& data) {
    return parse_receipt(data.esm_class, payload_of(data.tlvs), data.tlvs);
}

}  // namespace smpp

#pragma once
// Optional parameters (§5.3): the raw TLV type, the standard tags, and typed access to them.
// A PDU keeps its TLVs as raw octets so unknown ones re-encode byte for byte; the getters below
// interpret a value and answer nullopt when it is absent or its length does not fit the type.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smpp {

struct tlv {
    std::uint16_t tag = 0;
    std::string value;  // raw octets
    friend bool operator==(const tlv&, const tlv&) = default;
};
using tlv_list = std::vector<tlv>;

// SMPP 3.4 Table 5-7 (the generic ones). Sizes in the comments are the value lengths the codec
// enforces for these tags; other tags are kept whatever their length.
namespace tag {
constexpr std::uint16_t payload_type = 0x0019;                 // u8
constexpr std::uint16_t additional_status_info_text = 0x001D;  // C-string, max 256
constexpr std::uint16_t receipted_message_id = 0x001E;         // C-string, max 65
constexpr std::uint16_t user_message_reference = 0x0204;       // u16
constexpr std::uint16_t source_port = 0x020A;                  // u16
constexpr std::uint16_t destination_port = 0x020B;             // u16
constexpr std::uint16_t sar_msg_ref_num = 0x020C;              // u16
constexpr std::uint16_t sar_total_segments = 0x020E;           // u8
constexpr std::uint16_t sar_segment_seqnum = 0x020F;           // u8
constexpr std::uint16_t sc_interface_version = 0x0210;         // u8
constexpr std::uint16_t network_error_code = 0x0423;           // 3 octets: type, u16 code
constexpr std::uint16_t message_payload = 0x0424;              // octets, any length
constexpr std::uint16_t delivery_failure_reason = 0x0425;      // u8
constexpr std::uint16_t more_messages_to_send = 0x0426;        // u8
constexpr std::uint16_t message_state = 0x0427;                // u8, see message_state
constexpr std::uint16_t ussd_service_op = 0x0501;              // u8
}  // namespace tag

// Table 5-6: message_state TLV and query_sm_resp's message_state field.
enum class message_state : std::uint8_t {
    enroute = 1,
    delivered = 2,
    expired = 3,
    deleted = 4,
    undeliverable = 5,
    accepted = 6,
    unknown = 7,
    rejected = 8,
};

// network_error_code (§5.3.2.31): which network (1 ANSI-136, 2 IS-95, 3 GSM) and its error code.
struct network_error {
    std::uint8_t network_type = 0;
    std::uint16_t error_code = 0;
    friend bool operator==(const network_error&, const network_error&) = default;
};

// The first TLV with this tag, or null.
inline const tlv* find_tlv(const tlv_list& tlvs, std::uint16_t t) noexcept {
    auto it = std::find_if(tlvs.begin(), tlvs.end(), [t](const tlv& x) { return x.tag == t; });
    return it == tlvs.end() ? nullptr : &*it;
}

namespace detail {
// Big-endian unsigned of exactly `size` octets; nullopt when absent or any other length.
inline std::optional<std::uint32_t> tlv_uint(const tlv_list& tlvs, std::uint16_t t,
                                             std::size_t size) noexcept {
    const tlv* found = find_tlv(tlvs, t);
    if (!found || found->value.size() != size) return std::nullopt;
    std::uint32_t v = 0;
    for (unsigned char c : found->value) v = v << 8 | c;
    return v;
}

inline std::string tlv_uint_octets(std::uint32_t v, std::size_t size) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) out[size - 1 - i] = static_cast<char>(v >> (8 * i));
    return out;
}
}  // namespace detail

inline std::optional<std::uint8_t> get_u8(const tlv_list& tlvs, std::uint16_t t) noexcept {
    if (auto v = detail::tlv_uint(tlvs, t, 1)) return static_cast<std::uint8_t>(*v);
    return std::nullopt;
}
inline std::optional<std::uint16_t> get_u16(const tlv_list& tlvs, std::uint16_t t) noexcept {
    if (auto v = detail::tlv_uint(tlvs, t, 2)) return static_cast<std::uint16_t>(*v);
    return std::nullopt;
}
inline std::optional<std::uint32_t> get_u32(const tlv_list& tlvs, std::uint16_t t) noexcept {
    return detail::tlv_uint(tlvs, t, 4);
}

// The text before the terminating NUL. nullopt unless the value ends in its only NUL.
// Views point into `tlvs`, hence no overloads for temporaries.
inline std::optional<std::string_view> get_cstring(const tlv_list& tlvs, std::uint16_t t) noexcept {
    const tlv* found = find_tlv(tlvs, t);
    if (!found || found->value.empty() || found->value.find('\0') != found->value.size() - 1)
        return std::nullopt;
    return std::string_view(found->value).substr(0, found->value.size() - 1);
}
std::optional<std::string_view> get_cstring(const tlv_list&&, std::uint16_t) = delete;

inline std::optional<std::string_view> get_octets(const tlv_list& tlvs, std::uint16_t t) noexcept {
    if (const tlv* found = find_tlv(tlvs, t)) return std::string_view(found->value);
    return std::nullopt;
}
std::optional<std::string_view> get_octets(const tlv_list&&, std::uint16_t) = delete;

inline std::optional<smpp::message_state> get_message_state(const tlv_list& tlvs) noexcept {
    const auto v = get_u8(tlvs, tag::message_state);
    if (!v || *v < 1 || *v > 8) return std::nullopt;
    return static_cast<smpp::message_state>(*v);
}

inline std::optional<network_error> get_network_error_code(const tlv_list& tlvs) noexcept {
    const auto v = detail::tlv_uint(tlvs, tag::network_error_code, 3);
    if (!v) return std::nullopt;
    return network_error{static_cast<std::uint8_t>(*v >> 16), static_cast<std::uint16_t>(*v)};
}

// Setters replace the value of the first TLV with this tag, or append a new TLV: a PDU carries
// each standard parameter at most once.
inline void set_octets(tlv_list& tlvs, std::uint16_t t, std::string_view value) {
    auto it = std::find_if(tlvs.begin(), tlvs.end(), [t](const tlv& x) { return x.tag == t; });
    if (it != tlvs.end())
        it->value.assign(value);
    else
        tlvs.push_back({t, std::string(value)});
}
inline void set_u8(tlv_list& tlvs, std::uint16_t t, std::uint8_t v) {
    set_octets(tlvs, t, detail::tlv_uint_octets(v, 1));
}
inline void set_u16(tlv_list& tlvs, std::uint16_t t, std::uint16_t v) {
    set_octets(tlvs, t, detail::tlv_uint_octets(v, 2));
}
inline void set_u32(tlv_list& tlvs, std::uint16_t t, std::uint32_t v) {
    set_octets(tlvs, t, detail::tlv_uint_octets(v, 4));
}
// Appends the terminating NUL the wire format wants.
inline void set_cstring(tlv_list& tlvs, std::uint16_t t, std::string_view text) {
    std::string value(text);
    value.push_back('\0');
    set_octets(tlvs, t, value);
}
inline void set_message_state(tlv_list& tlvs, smpp::message_state s) {
    set_u8(tlvs, tag::message_state, static_cast<std::uint8_t>(s));
}
inline void set_network_error_code(tlv_list& tlvs, network_error e) {
    set_octets(tlvs, tag::network_error_code,
               detail::tlv_uint_octets(std::uint32_t{e.network_type} << 16 | e.error_code, 3));
}

// Removes every TLV with this tag; returns how many there were.
inline std::size_t erase_tlv(tlv_list& tlvs, std::uint16_t t) {
    return std::erase_if(tlvs, [t](const tlv& x) { return x.tag == t; });
}

}  // namespace smpp

#pragma once
/// @file
/// A PDU as name/value pairs for people and logs: every mandatory field by its §4 name, every
/// TLV by its §5.3 name, texts decoded to UTF-8. No formatting and no I/O: the applications
/// decide how a description is written (a log line, a JSON object).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smpp/codec/pdu.hpp"

namespace smpp {

struct described_field {
    std::string name;
    std::string value;    ///< always valid UTF-8
    bool number = false;  ///< a plain decimal number (JSON writes it unquoted)
    friend bool operator==(const described_field&, const described_field&) = default;
};

struct pdu_description {
    std::vector<described_field> fields;  ///< mandatory fields, in wire order
    std::vector<described_field> tlvs;    ///< optional parameters, in wire order
};

/// The body of `p` field by field. A bind's or outbind's password is always "***". A message's
/// text is `short_message` (or `message_payload`) decoded for data_coding; when it cannot be
/// decoded (binary, unknown coding) the field is `short_message_hex` with the octets in hex. With
/// esm_class UDHI the user data header comes first as `udh` (hex).
pdu_description describe(const pdu& p);

/// TLVs by name (`tlv_0x1234` when the tag is not a standard one); values by type: numbers,
/// C-strings, network_error_code as "type:code", message_payload decoded like a short_message
/// for `data_coding` (`message_payload_hex` otherwise), anything else in hex.
std::vector<described_field> describe_tlvs(const tlv_list& tlvs, std::uint8_t data_coding, bool udhi = false);

/// The standard name of a TLV tag (§5.3.2), or empty.
std::string_view tlv_name(std::uint16_t tag) noexcept;

/// Lower-case hex, two digits an octet, no separators.
std::string to_hex(std::string_view octets);

/// Where the user data begins in `octets` when UDHI is set: 1 + the UDH length octet; 0 when the
/// header does not fit (then the whole is treated as data).
std::size_t udh_size(std::string_view octets) noexcept;

}  // namespace smpp

#pragma once
// Turning UTF-8 text into SMS payloads: the alphabet (data_coding) and, for text longer than
// one SMS, either concatenated segments with a UDH or one message_payload.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smpp::traffic {

// data_coding values (SMPP 3.4 §5.2.19).
enum class alphabet : std::uint8_t { gsm7 = 0x00, latin1 = 0x03, ucs2 = 0x08 };

// Encodes UTF-8 text in the alphabet: GSM 03.38 default alphabet one septet per octet
// (unpacked, as SMPP carries it; extension characters take two), Latin-1 one octet per
// character, UCS-2 big-endian. nullopt when a character has no encoding in that alphabet or
// the UTF-8 is malformed.
std::optional<std::string> encode_text(std::string_view utf8, alphabet a);

// The smallest alphabet that holds the text: GSM 7-bit, else UCS-2.
alphabet best_alphabet(std::string_view utf8);

enum class long_mode { udh, payload };

struct segment {
    std::string octets;    // UDH included when udhi
    bool udhi = false;     // set esm_class bit 0x40
    bool payload = false;  // send in message_payload, leave short_message empty
};

// One segment when it fits in a single SMS (160 GSM chars, 140 octets otherwise). Longer:
// udh splits into parts of at most 153 GSM chars / 134 octets / 67 UCS-2 chars, never cutting a
// GSM escape pair or a UCS-2 character; payload returns a single segment that belongs in
// message_payload (short_message then stays empty). `reference` is the concatenation
// reference number shared by the parts. Empty when the text needs more than 255 parts.
std::vector<segment> split_for_sms(const std::string& encoded, alphabet a, long_mode mode, std::uint8_t reference);

}  // namespace smpp::traffic

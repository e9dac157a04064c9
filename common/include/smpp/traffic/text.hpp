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

// The other way: SMS octets in `data_coding` as UTF-8. 0x00 (and 0xF0-0xFF with bit 2 clear) is
// the GSM 03.38 default alphabet, unpacked, with the extension table (an ESC before a septet the
// table lacks stands for that septet's basic character, as 23.038 says receivers show it);
// 0x01 is IA5 (ASCII); 0x03 Latin-1; 0x08 UCS-2 big-endian, read as UTF-16 so that surrogate
// pairs become one character (a lone surrogate becomes U+FFFD). nullopt for binary (0x02, 0x04,
// 0xF4...) and unknown codings, and for octets the coding cannot hold (a GSM octet above 0x7F,
// an odd UCS-2 length): the caller shows those as hex.
std::optional<std::string> decode_text(std::string_view octets, std::uint8_t data_coding);

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

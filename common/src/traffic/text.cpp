#include "smpp/traffic/text.hpp"

#include <algorithm>
#include <array>

namespace smpp::traffic {
namespace {

constexpr char32_t esc = 0x1B;

// GSM 03.38 default alphabet: index is the septet, value the Unicode character.
constexpr std::array<char32_t, 128> gsm_basic = {
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å', U'å',
    U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', esc,  U'Æ', U'æ', U'ß', U'É',
    U' ', U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/',
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    U'¡', U'A', U'B', U'C', U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L', U'M', U'N', U'O',
    U'P', U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y', U'Z', U'Ä', U'Ö', U'Ñ', U'Ü', U'§',
    U'¿', U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j', U'k', U'l', U'm', U'n', U'o',
    U'p', U'q', U'r', U's', U't', U'u', U'v', U'w', U'x', U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à',
};

// The extension table, reached through ESC: {character, septet after ESC}.
constexpr std::array<std::pair<char32_t, std::uint8_t>, 10> gsm_extension = {{
    {U'\f', 0x0A}, {U'^', 0x14}, {U'{', 0x28}, {U'}', 0x29}, {U'\\', 0x2F},
    {U'[', 0x3C}, {U'~', 0x3D}, {U']', 0x3E}, {U'|', 0x40}, {U'€', 0x65},
}};

// Decodes UTF-8 strictly (no overlongs, no surrogates); nullopt on malformed input.
std::optional<std::u32string> decode_utf8(std::string_view in) {
    std::u32string out;
    for (std::size_t i = 0; i < in.size();) {
        const auto lead = static_cast<unsigned char>(in[i]);
        const int extra = lead < 0x80 ? 0 : (lead >> 5) == 0x6 ? 1 : (lead >> 4) == 0xE ? 2 : (lead >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || in.size() - i <= static_cast<std::size_t>(extra)) return std::nullopt;
        char32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
        for (int k = 1; k <= extra; ++k) {
            const auto cont = static_cast<unsigned char>(in[i + k]);
            if ((cont >> 6) != 0x2) return std::nullopt;
            c = (c << 6) | (cont & 0x3F);
        }
        constexpr char32_t smallest[] = {0, 0x80, 0x800, 0x10000};
        if (c < smallest[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
        out.push_back(c);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return out;
}

bool gsm_append(char32_t c, std::string& out) {
    for (std::size_t i = 0; i < gsm_basic.size(); ++i)
        if (gsm_basic[i] == c && c != esc) {
            out.push_back(static_cast<char>(i));
            return true;
        }
    for (const auto& [ch, septet] : gsm_extension)
        if (ch == c) {
            out.push_back(static_cast<char>(esc));
            out.push_back(static_cast<char>(septet));
            return true;
        }
    return false;
}

void append_utf8(char32_t c, std::string& out) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | c >> 6));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | c >> 12));
        out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | c >> 18));
        out.push_back(static_cast<char>(0x80 | (c >> 12 & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

char32_t gsm_extended(std::uint8_t septet) {
    for (const auto& [ch, s] : gsm_extension)
        if (s == septet) return ch;
    return gsm_basic[septet];
}

std::optional<std::string> decode_gsm7(std::string_view octets) {
    std::string out;
    for (std::size_t i = 0; i < octets.size(); ++i) {
        const auto septet = static_cast<std::uint8_t>(octets[i]);
        if (septet > 0x7F) return std::nullopt;
        if (septet != esc) {
            append_utf8(gsm_basic[septet], out);
        } else if (i + 1 < octets.size() && static_cast<std::uint8_t>(octets[i + 1]) <= 0x7F) {
            const auto next = static_cast<std::uint8_t>(octets[++i]);
            // ESC ESC has no character; 23.038 shows it as a space.
            append_utf8(next == esc ? U' ' : gsm_extended(next), out);
        } else if (i + 1 == octets.size()) {
            append_utf8(U' ', out);  // a dangling ESC: the same
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::optional<std::string> decode_ucs2(std::string_view octets) {
    if (octets.size() % 2 != 0) return std::nullopt;
    std::string out;
    const auto unit = [&](std::size_t i) {
        return static_cast<char32_t>(static_cast<std::uint8_t>(octets[i]) << 8 | static_cast<std::uint8_t>(octets[i + 1]));
    };
    for (std::size_t i = 0; i < octets.size(); i += 2) {
        char32_t c = unit(i);
        const bool high = c >= 0xD800 && c <= 0xDBFF;
        if (high && i + 3 < octets.size() && unit(i + 2) >= 0xDC00 && unit(i + 2) <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
            i += 2;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        append_utf8(c, out);
    }
    return out;
}

std::string decode_latin1(std::string_view octets) {
    std::string out;
    for (unsigned char c : octets) append_utf8(c, out);
    return out;
}

struct limits {
    std::size_t single;  // one SMS
    std::size_t part;    // one part of a concatenated SMS, after the 6-octet UDH
};

limits limits_of(alphabet a) {
    switch (a) {
        case alphabet::gsm7: return {160, 153};
        case alphabet::latin1: return {140, 134};
        case alphabet::ucs2: break;
    }
    return {140, 134};
}

// Where a part may end without splitting a character.
std::size_t part_end(const std::string& s, std::size_t begin, std::size_t size, alphabet a) {
    std::size_t end = std::min(s.size(), begin + size);
    if (end == s.size()) return end;
    // A GSM escape must stay with the septet it prefixes. Scanning from the part's start keeps
    // an escaped ESC (which does not exist in the table) from confusing us.
    if (a == alphabet::gsm7) {
        std::size_t i = begin;
        while (i < end) i += static_cast<unsigned char>(s[i]) == esc ? 2 : 1;
        if (i > end) --end;
    }
    return end;
}

}  // namespace

std::optional<std::string> encode_text(std::string_view utf8, alphabet a) {
    const auto text = decode_utf8(utf8);
    if (!text) return std::nullopt;
    std::string out;
    for (char32_t c : *text) {
        switch (a) {
            case alphabet::gsm7:
                if (!gsm_append(c, out)) return std::nullopt;
                break;
            case alphabet::latin1:
                if (c > 0xFF) return std::nullopt;
                out.push_back(static_cast<char>(c));
                break;
            case alphabet::ucs2:
                if (c > 0xFFFF) return std::nullopt;
                out.push_back(static_cast<char>(c >> 8));
                out.push_back(static_cast<char>(c & 0xFF));
                break;
        }
    }
    return out;
}

std::optional<std::string> decode_text(std::string_view octets, std::uint8_t data_coding) {
    // 0xF0-0xFF: the GSM data coding scheme; bit 2 picks 8-bit data over the default alphabet.
    if (data_coding >= 0xF0) return (data_coding & 0x04) ? std::nullopt : decode_gsm7(octets);
    switch (data_coding) {
        case 0x00: return decode_gsm7(octets);
        case 0x01:
            if (std::any_of(octets.begin(), octets.end(), [](char c) { return static_cast<unsigned char>(c) > 0x7F; }))
                return std::nullopt;
            return std::string(octets);
        case 0x03: return decode_latin1(octets);
        case 0x08: return decode_ucs2(octets);
        default: return std::nullopt;
    }
}

alphabet best_alphabet(std::string_view utf8) {
    return encode_text(utf8, alphabet::gsm7) ? alphabet::gsm7 : alphabet::ucs2;
}

std::vector<segment> split_for_sms(const std::string& encoded, alphabet a, long_mode mode, std::uint8_t reference) {
    const auto lim = limits_of(a);
    if (encoded.size() <= lim.single) return {segment{encoded}};
    if (mode == long_mode::payload) return {segment{encoded, false, true}};
    std::vector<std::pair<std::size_t, std::size_t>> bounds;
    for (std::size_t begin = 0; begin < encoded.size();) {
        const std::size_t end = part_end(encoded, begin, lim.part, a);
        bounds.emplace_back(begin, end);
        begin = end;
    }
    if (bounds.size() > 255) return {};  // more than a UDH can number
    std::vector<segment> parts;
    const auto total = static_cast<char>(bounds.size());
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        // UDH: length 5, IEI 0x00 (concatenation, 8-bit reference), IE length 3, ref, total, seq.
        std::string octets{'\x05', '\x00', '\x03', static_cast<char>(reference), total, static_cast<char>(i + 1)};
        octets.append(encoded, bounds[i].first, bounds[i].second - bounds[i].first);
        parts.push_back({std::move(octets), true, false});
    }
    return parts;
}

}  // namespace smpp::traffic

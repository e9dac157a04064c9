// Unit tests for text to SMS payloads: GSM 03.38 / Latin-1 / UCS-2 encoding, strict UTF-8
// decoding, alphabet choice, and splitting into UDH parts or one message_payload. Expected bytes
// are written out by hand from the standards' tables, never computed by the code under test.
#include "smpp/traffic/text.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace smpp::traffic {

// gtest finds this by ADL; without it failures print the enum as raw bytes.
void PrintTo(alphabet a, std::ostream* os) {
    switch (a) {
        case alphabet::gsm7: *os << "gsm7"; return;
        case alphabet::latin1: *os << "latin1"; return;
        case alphabet::ucs2: *os << "ucs2"; return;
    }
    *os << "alphabet(" << static_cast<int>(a) << ')';
}

namespace {

// The literals below rely on the source and execution character sets being UTF-8.
static_assert(sizeof("é") == 3 && sizeof("€") == 4 && sizeof("😀") == 5, "UTF-8 literals expected");

std::string bytes(std::initializer_list<unsigned> list) {
    std::string out;
    for (unsigned b : list) out.push_back(static_cast<char>(b));
    return out;
}

std::optional<std::string> some(std::initializer_list<unsigned> list) { return bytes(list); }

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out.append(s);
    return out;
}

std::string udh(unsigned ref, unsigned total, unsigned seq) { return bytes({0x05, 0x00, 0x03, ref, total, seq}); }

// ---------------------------------------------------------------------------------------------
// GSM 03.38 default alphabet

TEST(TextGsm7, AsciiLettersAndDigitsAreThemselves) {
    const std::string plain = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    EXPECT_EQ(encode_text(plain, alphabet::gsm7), plain);
    EXPECT_EQ(encode_text("Hello", alphabet::gsm7), some({0x48, 0x65, 0x6C, 0x6C, 0x6F}));
    // Punctuation that shares its ASCII code point.
    const std::string punct = " !\"#%&'()*+,-./:;<=>?";
    EXPECT_EQ(encode_text(punct, alphabet::gsm7), punct);
}

TEST(TextGsm7, AsciiCharactersThatMoved) {
    EXPECT_EQ(encode_text("@", alphabet::gsm7), some({0x00}));
    EXPECT_EQ(encode_text("$", alphabet::gsm7), some({0x02}));
    EXPECT_EQ(encode_text("_", alphabet::gsm7), some({0x11}));
    EXPECT_EQ(encode_text("a@b$c_d", alphabet::gsm7), some({0x61, 0x00, 0x62, 0x02, 0x63, 0x11, 0x64}));
    // 0x24 is the currency sign, not the dollar.
    EXPECT_EQ(encode_text("¤", alphabet::gsm7), some({0x24}));
    EXPECT_EQ(encode_text("\n", alphabet::gsm7), some({0x0A}));
    EXPECT_EQ(encode_text("\r", alphabet::gsm7), some({0x0D}));
}

TEST(TextGsm7, NonAsciiBasicTable) {
    EXPECT_EQ(encode_text("£", alphabet::gsm7), some({0x01}));
    EXPECT_EQ(encode_text("é", alphabet::gsm7), some({0x05}));
    EXPECT_EQ(encode_text("Ç", alphabet::gsm7), some({0x09}));
    EXPECT_EQ(encode_text("Δ", alphabet::gsm7), some({0x10}));
    EXPECT_EQ(encode_text("Ξ", alphabet::gsm7), some({0x1A}));
    EXPECT_EQ(encode_text("ß", alphabet::gsm7), some({0x1E}));
    EXPECT_EQ(encode_text("É", alphabet::gsm7), some({0x1F}));
    EXPECT_EQ(encode_text("¡", alphabet::gsm7), some({0x40}));
    EXPECT_EQ(encode_text("§", alphabet::gsm7), some({0x5F}));
    EXPECT_EQ(encode_text("¿", alphabet::gsm7), some({0x60}));
    EXPECT_EQ(encode_text("à", alphabet::gsm7), some({0x7F}));
    EXPECT_EQ(encode_text("Ñandü £5", alphabet::gsm7), some({0x5D, 0x61, 0x6E, 0x64, 0x7E, 0x20, 0x01, 0x35}));
}

TEST(TextGsm7, ExtensionTableTakesTwoSeptets) {
    EXPECT_EQ(encode_text("€", alphabet::gsm7), some({0x1B, 0x65}));
    EXPECT_EQ(encode_text("[", alphabet::gsm7), some({0x1B, 0x3C}));
    EXPECT_EQ(encode_text("]", alphabet::gsm7), some({0x1B, 0x3E}));
    EXPECT_EQ(encode_text("{", alphabet::gsm7), some({0x1B, 0x28}));
    EXPECT_EQ(encode_text("}", alphabet::gsm7), some({0x1B, 0x29}));
    EXPECT_EQ(encode_text("\\", alphabet::gsm7), some({0x1B, 0x2F}));
    EXPECT_EQ(encode_text("^", alphabet::gsm7), some({0x1B, 0x14}));
    EXPECT_EQ(encode_text("|", alphabet::gsm7), some({0x1B, 0x40}));
    EXPECT_EQ(encode_text("~", alphabet::gsm7), some({0x1B, 0x3D}));
    EXPECT_EQ(encode_text("\f", alphabet::gsm7), some({0x1B, 0x0A}));
    EXPECT_EQ(encode_text("5€", alphabet::gsm7), some({0x35, 0x1B, 0x65}));
}

TEST(TextGsm7, CharactersOutsideTheAlphabet) {
    EXPECT_EQ(encode_text("ç", alphabet::gsm7), std::nullopt);  // only uppercase Ç is in the table
    EXPECT_EQ(encode_text("中", alphabet::gsm7), std::nullopt);
    EXPECT_EQ(encode_text("😀", alphabet::gsm7), std::nullopt);
    EXPECT_EQ(encode_text("`", alphabet::gsm7), std::nullopt);
    EXPECT_EQ(encode_text("á", alphabet::gsm7), std::nullopt);
    EXPECT_EQ(encode_text("abc中", alphabet::gsm7), std::nullopt);  // one bad character fails all
    // ESC itself is no character: U+001B must not pass through as a lone escape.
    EXPECT_EQ(encode_text("\x1B", alphabet::gsm7), std::nullopt);
}

TEST(TextGsm7, EmptyText) { EXPECT_EQ(encode_text("", alphabet::gsm7), std::string{}); }

// ---------------------------------------------------------------------------------------------
// Latin-1 and UCS-2

TEST(TextLatin1, OneOctetPerCharacter) {
    EXPECT_EQ(encode_text("A", alphabet::latin1), some({0x41}));
    EXPECT_EQ(encode_text("é", alphabet::latin1), some({0xE9}));
    EXPECT_EQ(encode_text("ÿ", alphabet::latin1), some({0xFF}));
    EXPECT_EQ(encode_text("£@", alphabet::latin1), some({0xA3, 0x40}));
    EXPECT_EQ(encode_text("\xC2\x80", alphabet::latin1), some({0x80}));  // U+0080
    EXPECT_EQ(encode_text("", alphabet::latin1), std::string{});
}

TEST(TextLatin1, CharactersAboveFF) {
    EXPECT_EQ(encode_text("€", alphabet::latin1), std::nullopt);  // U+20AC, not 0x80 (that is cp1252)
    EXPECT_EQ(encode_text("\xC4\x80", alphabet::latin1), std::nullopt);  // U+0100
    EXPECT_EQ(encode_text("中", alphabet::latin1), std::nullopt);
}

TEST(TextUcs2, BigEndianBmp) {
    EXPECT_EQ(encode_text("A", alphabet::ucs2), some({0x00, 0x41}));
    EXPECT_EQ(encode_text("中", alphabet::ucs2), some({0x4E, 0x2D}));
    EXPECT_EQ(encode_text("é€", alphabet::ucs2), some({0x00, 0xE9, 0x20, 0xAC}));
    EXPECT_EQ(encode_text("\xDF\xBF", alphabet::ucs2), some({0x07, 0xFF}));      // U+07FF
    EXPECT_EQ(encode_text("\xE0\xA0\x80", alphabet::ucs2), some({0x08, 0x00}));  // U+0800
    EXPECT_EQ(encode_text("\xED\x9F\xBF", alphabet::ucs2), some({0xD7, 0xFF}));  // U+D7FF
    EXPECT_EQ(encode_text("\xEE\x80\x80", alphabet::ucs2), some({0xE0, 0x00}));  // U+E000
    EXPECT_EQ(encode_text("\xEF\xBF\xBF", alphabet::ucs2), some({0xFF, 0xFF}));  // U+FFFF
    EXPECT_EQ(encode_text("", alphabet::ucs2), std::string{});
}

TEST(TextUcs2, OutsideTheBmp) {
    EXPECT_EQ(encode_text("😀", alphabet::ucs2), std::nullopt);  // U+1F600
    EXPECT_EQ(encode_text("\xF0\x90\x80\x80", alphabet::ucs2), std::nullopt);  // U+10000
    EXPECT_EQ(encode_text("\xF4\x8F\xBF\xBF", alphabet::ucs2), std::nullopt);  // U+10FFFF
}

// ---------------------------------------------------------------------------------------------
// Malformed UTF-8 is refused in every alphabet

TEST(TextUtf8, MalformedInputIsRefused) {
    const std::vector<std::pair<const char*, std::string>> cases = {
        {"lone continuation", "\x80"},
        {"continuation after ASCII", "a\xBF"},
        {"truncated 2-byte at end", "a\xC3"},
        {"truncated 3-byte at end", "a\xE4\xB8"},
        {"truncated 3-byte, one byte", "\xE4"},
        {"truncated 4-byte at end", "a\xF0\x9F\x98"},
        {"truncated 3-byte then ASCII", "\xE4\xB8" "a"},
        {"bad continuation", "\xC3\x28"},
        {"overlong NUL (C0 80)", "\xC0\x80"},
        {"overlong '/' (C1 81)", "\xC1\x81"},
        {"overlong 3-byte (E0 80 80)", "\xE0\x80\x80"},
        {"overlong 3-byte (E0 9F BF)", "\xE0\x9F\xBF"},
        {"overlong 4-byte (F0 80 80 80)", "\xF0\x80\x80\x80"},
        {"high surrogate (ED A0 80)", "\xED\xA0\x80"},
        {"low surrogate (ED BF BF)", "\xED\xBF\xBF"},
        {"above U+10FFFF (F4 90 80 80)", "\xF4\x90\x80\x80"},
        {"F5 lead", "\xF5\x80\x80\x80"},
        {"5-byte lead", "\xF8\x88\x80\x80\x80"},
        {"FF", "\xFF"},
    };
    for (const auto& [what, input] : cases) {
        for (alphabet a : {alphabet::gsm7, alphabet::latin1, alphabet::ucs2})
            EXPECT_EQ(encode_text(input, a), std::nullopt) << what << " in alphabet " << testing::PrintToString(a);
    }
}

// ---------------------------------------------------------------------------------------------
// best_alphabet

TEST(TextBestAlphabet, GsmWhenEveryCharacterFits) {
    EXPECT_EQ(best_alphabet("Hello, world!"), alphabet::gsm7);
    EXPECT_EQ(best_alphabet("Prix: 5€ [promo] ~ Ça coûte"), alphabet::ucs2);  // û is not GSM
    EXPECT_EQ(best_alphabet("Prix: 5€ [promo] ~ Ça va"), alphabet::gsm7);
    EXPECT_EQ(best_alphabet(""), alphabet::gsm7);
}

TEST(TextBestAlphabet, Ucs2Otherwise) {
    EXPECT_EQ(best_alphabet("中"), alphabet::ucs2);
    EXPECT_EQ(best_alphabet("Hello 中国"), alphabet::ucs2);
    EXPECT_EQ(best_alphabet("ç"), alphabet::ucs2);
}

// ---------------------------------------------------------------------------------------------
// split_for_sms

TEST(TextSplit, ExactlyOneSmsOfGsm) {
    const std::string text(160, 'a');
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::udh, 0x2A);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, text);
    EXPECT_FALSE(parts[0].udhi);
    EXPECT_FALSE(parts[0].payload);
}

TEST(TextSplit, ExtensionCharactersCountTwiceTowardTheLimit) {
    // 158 + 2 = 160 septets: one SMS.
    const std::string fits = std::string(158, 'a') + bytes({0x1B, 0x65});
    auto parts = split_for_sms(fits, alphabet::gsm7, long_mode::udh, 4);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, fits);
    EXPECT_FALSE(parts[0].udhi);

    // 159 + 2 = 161 septets: 153 + 8.
    const std::string over = std::string(159, 'a') + bytes({0x1B, 0x65});
    parts = split_for_sms(over, alphabet::gsm7, long_mode::udh, 4);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, udh(4, 2, 1) + std::string(153, 'a'));
    EXPECT_EQ(parts[1].octets, udh(4, 2, 2) + std::string(6, 'a') + bytes({0x1B, 0x65}));
}

TEST(TextSplit, EmptyTextIsOneEmptySegment) {
    const auto parts = split_for_sms("", alphabet::gsm7, long_mode::udh, 1);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, "");
    EXPECT_FALSE(parts[0].udhi);
    EXPECT_FALSE(parts[0].payload);
}

TEST(TextSplit, OneSeptetOverIsTwoParts) {
    const std::string text = std::string(153, 'a') + std::string(8, 'b');
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::udh, 0x2A);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, bytes({0x05, 0x00, 0x03, 0x2A, 0x02, 0x01}) + std::string(153, 'a'));
    EXPECT_EQ(parts[1].octets, bytes({0x05, 0x00, 0x03, 0x2A, 0x02, 0x02}) + std::string(8, 'b'));
    for (const auto& p : parts) {
        EXPECT_TRUE(p.udhi);
        EXPECT_FALSE(p.payload);
    }
}

TEST(TextSplit, ReferenceIsCopiedVerbatim) {
    const auto parts = split_for_sms(std::string(161, 'a'), alphabet::gsm7, long_mode::udh, 0xFF);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets.substr(0, 6), udh(0xFF, 2, 1));
    EXPECT_EQ(parts[1].octets.substr(0, 6), udh(0xFF, 2, 2));
}

TEST(TextSplit, EscapePairStraddlingTheBoundaryIsNotCut) {
    // 152 septets, then ESC at index 152 and its septet at 153: the pair moves to part 2.
    const std::string text = std::string(152, 'a') + bytes({0x1B, 0x65}) + std::string(10, 'b');
    ASSERT_EQ(text.size(), 164u);
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::udh, 7);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, udh(7, 2, 1) + std::string(152, 'a'));
    EXPECT_EQ(parts[1].octets, udh(7, 2, 2) + bytes({0x1B, 0x65}) + std::string(10, 'b'));
}

TEST(TextSplit, EscapePairEndingExactlyAtTheBoundaryStays) {
    // ESC at 151, septet at 152: the pair fits in the 153 septets of part 1.
    const std::string text = std::string(151, 'a') + bytes({0x1B, 0x65}) + std::string(10, 'b');
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::udh, 7);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, udh(7, 2, 1) + std::string(151, 'a') + bytes({0x1B, 0x65}));
    EXPECT_EQ(parts[1].octets, udh(7, 2, 2) + std::string(10, 'b'));
}

TEST(TextSplit, EscapesThroughoutAreNeverCut) {
    // 100 euro signs: 200 septets, every pair aligned on an even index, so part 1 takes 76 pairs.
    const std::string text = repeat(bytes({0x1B, 0x65}), 100);
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::udh, 3);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, udh(3, 2, 1) + repeat(bytes({0x1B, 0x65}), 76));
    EXPECT_EQ(parts[1].octets, udh(3, 2, 2) + repeat(bytes({0x1B, 0x65}), 24));
}

TEST(TextSplit, Latin1Limits) {
    const std::string single(140, '\xE9');
    auto parts = split_for_sms(single, alphabet::latin1, long_mode::udh, 9);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, single);
    EXPECT_FALSE(parts[0].udhi);

    const std::string longer(141, '\xE9');
    parts = split_for_sms(longer, alphabet::latin1, long_mode::udh, 9);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, udh(9, 2, 1) + std::string(134, '\xE9'));
    EXPECT_EQ(parts[1].octets, udh(9, 2, 2) + std::string(7, '\xE9'));
    EXPECT_TRUE(parts[0].udhi);
    EXPECT_TRUE(parts[1].udhi);
}

TEST(TextSplit, Ucs2Limits) {
    const std::string han = bytes({0x4E, 0x2D});  // 中
    const std::string single = repeat(han, 70);
    ASSERT_EQ(single.size(), 140u);
    auto parts = split_for_sms(single, alphabet::ucs2, long_mode::udh, 0x10);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, single);
    EXPECT_FALSE(parts[0].udhi);

    const std::string longer = repeat(han, 71);
    parts = split_for_sms(longer, alphabet::ucs2, long_mode::udh, 0x10);
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].octets, udh(0x10, 2, 1) + repeat(han, 67));
    EXPECT_EQ(parts[1].octets, udh(0x10, 2, 2) + repeat(han, 4));
    EXPECT_EQ(parts[0].octets.size() - 6, 134u);
    EXPECT_EQ(parts[1].octets.size() - 6, 8u);
}

TEST(TextSplit, PayloadModeKeepsLongTextWhole) {
    const std::string text(500, 'x');
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::payload, 5);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, text);
    EXPECT_TRUE(parts[0].payload);
    EXPECT_FALSE(parts[0].udhi);

    const std::string ucs = repeat(bytes({0x00, 0x41}), 71);
    const auto ucs_parts = split_for_sms(ucs, alphabet::ucs2, long_mode::payload, 5);
    ASSERT_EQ(ucs_parts.size(), 1u);
    EXPECT_EQ(ucs_parts[0].octets, ucs);
    EXPECT_TRUE(ucs_parts[0].payload);
    EXPECT_FALSE(ucs_parts[0].udhi);
}

TEST(TextSplit, PayloadModeShortTextIsAnOrdinarySms) {
    const std::string text(160, 'x');
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::payload, 5);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].octets, text);
    EXPECT_FALSE(parts[0].payload);
    EXPECT_FALSE(parts[0].udhi);
}

TEST(TextSplit, PartsReassembleToTheEncodedText) {
    // Mixed text whose escapes fall at many offsets relative to the part boundaries.
    std::string utf8;
    for (int i = 0; i < 200; ++i) utf8 += (i % 7 == 0) ? "€" : (i % 5 == 0) ? "[x]" : "ab";
    const auto encoded = encode_text(utf8, alphabet::gsm7);
    ASSERT_TRUE(encoded.has_value());
    ASSERT_GT(encoded->size(), 2u * 153u);

    const auto parts = split_for_sms(*encoded, alphabet::gsm7, long_mode::udh, 0x77);
    ASSERT_GE(parts.size(), 3u);
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        ASSERT_GE(p.octets.size(), 6u);
        EXPECT_EQ(p.octets.substr(0, 6), udh(0x77, static_cast<unsigned>(parts.size()), static_cast<unsigned>(i + 1)));
        EXPECT_TRUE(p.udhi);
        EXPECT_FALSE(p.payload);
        const std::string body = p.octets.substr(6);
        EXPECT_LE(body.size(), 153u);
        EXPECT_FALSE(body.empty());
        EXPECT_NE(body.back(), '\x1B') << "part " << i + 1 << " ends in a lone ESC";
        joined += body;
    }
    EXPECT_EQ(joined, *encoded);

    // The same for UCS-2 text with an odd number of characters past a boundary.
    const auto ucs = encode_text(repeat("中A", 100), alphabet::ucs2);
    ASSERT_TRUE(ucs.has_value());
    ASSERT_EQ(ucs->size(), 400u);
    const auto ucs_parts = split_for_sms(*ucs, alphabet::ucs2, long_mode::udh, 1);
    ASSERT_EQ(ucs_parts.size(), 3u);  // 134 + 134 + 132
    std::string ucs_joined;
    for (const auto& p : ucs_parts) {
        EXPECT_EQ((p.octets.size() - 6) % 2, 0u);
        ucs_joined += p.octets.substr(6);
    }
    EXPECT_EQ(ucs_joined, *ucs);
}

TEST(TextSplit, At255PartsStillSplits) {
    const std::string text(153u * 255u, 'a');
    const auto parts = split_for_sms(text, alphabet::gsm7, long_mode::udh, 0x42);
    ASSERT_EQ(parts.size(), 255u);
    EXPECT_EQ(parts.front().octets.substr(0, 6), udh(0x42, 0xFF, 0x01));
    EXPECT_EQ(parts.back().octets, udh(0x42, 0xFF, 0xFF) + std::string(153, 'a'));
}

TEST(TextSplit, MoreThan255PartsIsEmpty) {
    EXPECT_TRUE(split_for_sms(std::string(153u * 255u + 1u, 'a'), alphabet::gsm7, long_mode::udh, 1).empty());
    EXPECT_TRUE(split_for_sms(std::string(134u * 255u + 1u, '\xE9'), alphabet::latin1, long_mode::udh, 1).empty());
    EXPECT_TRUE(split_for_sms(std::string(134u * 300u, '\x00'), alphabet::ucs2, long_mode::udh, 1).empty());
    // Payload mode has no part count to run out of.
    const auto whole = split_for_sms(std::string(153u * 255u + 1u, 'a'), alphabet::gsm7, long_mode::payload, 1);
    ASSERT_EQ(whole.size(), 1u);
    EXPECT_TRUE(whole[0].payload);
}

}  // namespace
}  // namespace smpp::traffic

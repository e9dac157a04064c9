// Unit tests for SMS octets to UTF-8 (decode_text): every alphabet the ESME reads from an MC.
// Expected UTF-8 is written as literals and the input octets by hand from GSM 03.38 / 23.038,
// ISO 8859-1 and UTF-16, never produced by the encoder under test.
#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>

#include "smpp/traffic/text.hpp"

namespace smpp::traffic {
namespace {

static_assert(sizeof("é") == 3 && sizeof("€") == 4 && sizeof("😀") == 5, "UTF-8 literals expected");

std::string bytes(std::initializer_list<unsigned> list) {
    std::string out;
    for (unsigned b : list) out.push_back(static_cast<char>(b));
    return out;
}

TEST(TextDecodeGsm7, BasicTableIncludingMovedCharacters) {
    // @ £ $ ¥ è, A, _ (0x11), ¡ (0x40), § (0x5F), à (0x7F)
    EXPECT_EQ(decode_text(bytes({0x00, 0x01, 0x02, 0x03, 0x04, 0x41, 0x11, 0x40, 0x5F, 0x7F}), 0x00),
              "@£$¥èA_¡§à");
    EXPECT_EQ(decode_text("Hello 123", 0x00), "Hello 123");
}

TEST(TextDecodeGsm7, ExtensionTableThroughEscape) {
    EXPECT_EQ(decode_text(bytes({0x1B, 0x65, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x14, 0x1B, 0x2F,
                                 0x1B, 0x3D, 0x1B, 0x40, 0x1B, 0x0A}),
                          0x00),
              "€{}[]^\\~|\f");
}

TEST(TextDecodeGsm7, EscapeBeforeAnUnknownSeptetShowsTheBasicCharacter) {
    EXPECT_EQ(decode_text(bytes({0x1B, 0x41}), 0x00), "A");
    EXPECT_EQ(decode_text(bytes({0x41, 0x1B}), 0x00), "A ");  // dangling ESC
    EXPECT_EQ(decode_text(bytes({0x1B, 0x1B}), 0x00), " ");
}

TEST(TextDecodeGsm7, OctetsAboveSeptetRangeAreNotText) {
    EXPECT_EQ(decode_text(bytes({0x41, 0x80}), 0x00), std::nullopt);
    EXPECT_EQ(decode_text(bytes({0x1B, 0xC1}), 0x00), std::nullopt);
}

TEST(TextDecodeGsm7, DataCodingSchemeGroupF) {
    EXPECT_EQ(decode_text(bytes({0x41}), 0xF0), "A");
    EXPECT_EQ(decode_text(bytes({0x41}), 0xF1), "A");
    EXPECT_EQ(decode_text(bytes({0x41}), 0xF4), std::nullopt);  // 8-bit data
}

TEST(TextDecode, EmptyIsEmptyInEveryTextCoding) {
    for (unsigned dc : {0x00u, 0x01u, 0x03u, 0x08u}) EXPECT_EQ(decode_text("", static_cast<std::uint8_t>(dc)), "");
}

TEST(TextDecodeIa5, AsciiOnly) {
    EXPECT_EQ(decode_text("a@b_", 0x01), "a@b_");
    EXPECT_EQ(decode_text(bytes({0x61, 0xE9}), 0x01), std::nullopt);
}

TEST(TextDecodeLatin1, EveryOctetIsOneCharacter) {
    EXPECT_EQ(decode_text(bytes({0x63, 0x61, 0x66, 0xE9, 0xA3, 0xFF}), 0x03), "café£ÿ");
}

TEST(TextDecodeUcs2, BigEndianBmp) {
    EXPECT_EQ(decode_text(bytes({0x00, 0x48, 0x00, 0xE9, 0x20, 0xAC, 0x04, 0x14}), 0x08), "Hé€Д");
}

TEST(TextDecodeUcs2, SurrogatePairIsOneCharacter) {
    // U+1F600 is D83D DE00 in UTF-16.
    EXPECT_EQ(decode_text(bytes({0xD8, 0x3D, 0xDE, 0x00, 0x00, 0x21}), 0x08), "😀!");
}

TEST(TextDecodeUcs2, LoneSurrogatesBecomeReplacementCharacters) {
    EXPECT_EQ(decode_text(bytes({0xD8, 0x3D, 0x00, 0x41}), 0x08), "\uFFFDA");
    EXPECT_EQ(decode_text(bytes({0xDE, 0x00}), 0x08), "\uFFFD");
    EXPECT_EQ(decode_text(bytes({0xD8, 0x3D}), 0x08), "\uFFFD");
}

TEST(TextDecodeUcs2, OddLengthIsNotText) { EXPECT_EQ(decode_text(bytes({0x00, 0x41, 0x00}), 0x08), std::nullopt); }

TEST(TextDecode, BinaryAndUnknownCodingsAreNotText) {
    for (unsigned dc : {0x02u, 0x04u, 0x05u, 0x06u, 0x07u, 0x09u, 0x0Eu, 0x40u})
        EXPECT_EQ(decode_text("abc", static_cast<std::uint8_t>(dc)), std::nullopt) << dc;
}

TEST(TextDecode, RoundTripsTheEncoder) {
    EXPECT_EQ(decode_text(*encode_text("Grüße {€}", alphabet::gsm7), 0x00), "Grüße {€}");
    EXPECT_EQ(decode_text(*encode_text("Grüße {€}", alphabet::ucs2), 0x08), "Grüße {€}");
    EXPECT_EQ(decode_text(*encode_text("Grüße", alphabet::latin1), 0x03), "Grüße");
}

}  // namespace
}  // namespace smpp::traffic

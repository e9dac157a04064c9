// log::json_quote, which every JSON log line's strings go through: escapes only what JSON
// requires, keeps well-formed UTF-8 as it is and turns each ill-formed part into \ufffd (one per
// maximal ill-formed subpart, as Python's and the browsers' decoders do), so the line is always
// valid UTF-8 JSON. And the text format still quotes a value with non-ASCII characters.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "smpp/log/log.hpp"

namespace smpp::log {
namespace {

using namespace std::string_literals;

TEST(JsonQuote, AsciiAsItIs) { EXPECT_EQ(json_quote("sid1 ok=yes {}"), R"("sid1 ok=yes {}")"); }

TEST(JsonQuote, QuoteBackslashAndControlOctetsEscaped) {
    EXPECT_EQ(json_quote(R"(a"b\c)"), R"("a\"b\\c")");
    EXPECT_EQ(json_quote("\x01\n\t\x1f\x7f"s), R"("\u0001\u000a\u0009\u001f\u007f")");
    EXPECT_EQ(json_quote("a\0b"s), R"("a\u0000b")");
}

TEST(JsonQuote, WellFormedUtf8KeptAsItIs) {
    EXPECT_EQ(json_quote("\xC3\xA9"), "\"\xC3\xA9\"");                  // é, two octets
    EXPECT_EQ(json_quote("\xE2\x82\xAC"), "\"\xE2\x82\xAC\"");          // €, three
    EXPECT_EQ(json_quote("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");  // 😀, four
    EXPECT_EQ(json_quote("\xED\x9F\xBF\xEE\x80\x80"), "\"\xED\x9F\xBF\xEE\x80\x80\"");  // U+D7FF, U+E000
    EXPECT_EQ(json_quote("\xF4\x8F\xBF\xBF"), "\"\xF4\x8F\xBF\xBF\"");  // U+10FFFF, the last
}

TEST(JsonQuote, IllFormedPartsBecomeReplacementCharacters) {
    EXPECT_EQ(json_quote("a\xFF" "b"), R"("a\ufffdb")");        // never a lead octet
    EXPECT_EQ(json_quote("\x80"), R"("\ufffd")");               // a continuation alone
    EXPECT_EQ(json_quote("a\xE2\x82"), R"("a\ufffd")");         // truncated at the end: one
    EXPECT_EQ(json_quote("\xE2\x82" "b"), R"("\ufffdb")");      // truncated before ASCII
    EXPECT_EQ(json_quote("\xF0\x9F\x98"), R"("\ufffd")");       // a four-octet one truncated
    EXPECT_EQ(json_quote("\xC0\x80"), R"("\ufffd\ufffd")");     // overlong NUL: C0 is no lead
    EXPECT_EQ(json_quote("\xE0\x80\xAF"), R"("\ufffd\ufffd\ufffd")");  // overlong '/'
    EXPECT_EQ(json_quote("\xED\xA0\x80"), R"("\ufffd\ufffd\ufffd")");  // surrogate U+D800
    EXPECT_EQ(json_quote("\xF4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // beyond U+10FFFF
    EXPECT_EQ(json_quote("\xC3" "\xC3\xA9"), "\"\\ufffd\xC3\xA9\"");  // the next sequence survives
}

TEST(JsonQuote, NlohmannParsesEveryOutputBackToValidUtf8) {
    const std::vector<std::string> inputs{"plain",  "\"\\\x01\x7f", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80",
                                          "\xFF\xFE", "a\xE2\x82", "\xC0\x80", "\xED\xA0\x80",
                                          "\xF4\x90\x80\x80", std::string("\0\x80\xC3", 3)};
    for (const auto& in : inputs) {
        const auto quoted = json_quote(in);
        nlohmann::json parsed;
        ASSERT_NO_THROW(parsed = nlohmann::json::parse(quoted)) << quoted;
        ASSERT_TRUE(parsed.is_string());
        // Valid UTF-8 through and through: nlohmann's dump() throws on anything else.
        EXPECT_NO_THROW((void)parsed.dump()) << quoted;
    }
    EXPECT_EQ(nlohmann::json::parse(json_quote("caf\xC3\xA9")).get<std::string>(), "caf\xC3\xA9");
    EXPECT_EQ(nlohmann::json::parse(json_quote("\xED\xA0\x80")).get<std::string>(), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonQuote, AppendFormAddsTheSameLiteral) {
    std::string out = "x=";
    append_json_quoted(out, "caf\xC3\xA9\xFF");
    EXPECT_EQ(out, "x=\"caf\xC3\xA9\\ufffd\"");
}

// Both formats through init_tap: the text form quotes a non-ASCII system_id, the JSON one keeps
// its characters.
TEST(JsonQuote, LogLinesKeepNonAsciiTextReadable) {
    std::vector<std::string> lines;
    const auto tap = [&lines](std::string_view line) { lines.emplace_back(line); };
    init_tap(format::text, level::info, tap);
    event(level::info, {.role = "mc", .session = 1, .system_id = "jos\xC3\xA9"}, "bound", "Bound");
    init_tap(format::json, level::info, tap);
    event(level::info, {.role = "mc", .session = 1, .system_id = "jos\xC3\xA9"}, "bound", "Bound caf\xC3\xA9\xFF");
    init(format::text, level::info);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("system_id=\"jos\xC3\xA9\""), std::string::npos) << lines[0];
    const auto json_part = lines[1].substr(lines[1].find('{'));
    const auto parsed = nlohmann::json::parse(json_part);
    EXPECT_EQ(parsed["system_id"], "jos\xC3\xA9");
    EXPECT_EQ(parsed["msg"], "Bound caf\xC3\xA9\xEF\xBF\xBD");
}

}  // namespace
}  // namespace smpp::log

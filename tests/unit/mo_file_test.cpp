// --mo-file: the lines it accepts, and one message naming the file and line for a bad one.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "mo_file.hpp"

namespace {

using namespace smpp;
using namespace std::chrono_literals;

struct temp_file {
    explicit temp_file(const std::string& content) {
        std::ofstream(path) << content;
    }
    ~temp_file() { std::remove(path.c_str()); }
    std::string path = testing::TempDir() + "mo_file_test.jsonl";
};

std::string error_of(const std::string& content) {
    temp_file f(content);
    try {
        mc_app::read_mo_file(f.path, traffic::long_mode::udh);
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        return what.substr(what.find("mo_file_test.jsonl"));
    }
    return "no error";
}

TEST(MoFile, ReadsEveryFieldAndSkipsBlankLines) {
    temp_file f(R"({"system_id":"sid1","from":"447700900001","to":"12345","text":"first"}

{"system_id":"sid2","from":"1","to":"2","text":"second","data_coding":8,"esm_class":3,"tlvs":{"0x0204":"0007","516":"01"},"after_ms":250}
)");
    const auto lines = mc_app::read_mo_file(f.path, traffic::long_mode::udh);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0], (mc::mo_message{.system_id = "sid1", .from = "447700900001", .to = "12345", .text = "first"}));
    EXPECT_EQ(lines[1].system_id, "sid2");
    EXPECT_EQ(lines[1].data_coding, 8);
    EXPECT_EQ(lines[1].esm_class, 3);
    ASSERT_EQ(lines[1].tlvs.size(), 2u);
    EXPECT_EQ(lines[1].tlvs[0], (tlv{0x0204, std::string("\x00\x07", 2)}));
    EXPECT_EQ(lines[1].tlvs[1], (tlv{516, "\x01"}));
    EXPECT_EQ(lines[1].after, 250ms);
}

TEST(MoFile, ABadLineIsNamedWithItsNumber) {
    const std::string good = R"({"system_id":"s","from":"1","to":"2","text":"ok"})";
    EXPECT_EQ(error_of(good + "\n" + R"({"system_id":"s","from":"1","to":"2"})"), "mo_file_test.jsonl:2: text is missing");
    EXPECT_EQ(error_of(R"({"system_id":"s","from":"1","to":"2","text":"x","data_coding":4})"),
              "mo_file_test.jsonl:1: data_coding must be 0, 3 or 8");
    EXPECT_EQ(error_of(R"({"system_id":"s","from":"1","to":"2","text":"x","after_ms":-1})"),
              "mo_file_test.jsonl:1: after_ms must be a whole number from 0 to 3600000");
    EXPECT_EQ(error_of(R"({"system_id":"s","from":"1","to":"2","text":"x","tlvs":{"nope":"00"}})"),
              "mo_file_test.jsonl:1: tlvs: \"nope\" is not a tag (0x0204 or 516)");
    EXPECT_EQ(error_of(R"({"system_id":"s","from":"1","to":"2","text":"€","data_coding":3})"),
              "mo_file_test.jsonl:1: text cannot be sent: no encoding in its data_coding, or more than 255 parts");
    EXPECT_EQ(error_of("[1,2]"), "mo_file_test.jsonl:1: expected a JSON object");
    EXPECT_NE(error_of("{broken").find("mo_file_test.jsonl:1: "), std::string::npos);
}

TEST(MoFile, AMissingFileSaysSo) {
    EXPECT_THROW(mc_app::read_mo_file("/nonexistent/mo.jsonl", traffic::long_mode::udh), std::runtime_error);
}

}  // namespace

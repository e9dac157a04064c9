// Where smpp-esme's password comes from (issue #12: --password is readable by every local user
// in /proc/PID/cmdline).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <boost/program_options/parsers.hpp>

#include "password_flags.hpp"

namespace {

namespace po = smpp::cli::po;
using smpp::cli::usage_error;
using smpp::esme::read_password;

po::variables_map parse(std::vector<const char*> args) {
    po::options_description d;
    smpp::esme::add_password_options(d);
    args.insert(args.begin(), "smpp-esme");
    po::variables_map vm;
    po::store(po::parse_command_line(static_cast<int>(args.size()), args.data(), d), vm);
    po::notify(vm);
    return vm;
}

struct PasswordFile : testing::Test {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("smpp-password-" + std::to_string(::getpid()) + ".txt");
    void write(const std::string& text) { std::ofstream(path, std::ios::binary) << text; }
    void TearDown() override { std::filesystem::remove(path); }
};

TEST_F(PasswordFile, ItsLineIsThePasswordWithoutTheNewline) {
    write("pass{n}\n");
    EXPECT_EQ(read_password(parse({"--password-file", path.c_str()}), nullptr), "pass{n}");
    write("crlf\r\n");
    EXPECT_EQ(read_password(parse({"--password-file", path.c_str()}), nullptr), "crlf");
    write("bare");
    EXPECT_EQ(read_password(parse({"--password-file", path.c_str()}), nullptr), "bare");
}

TEST_F(PasswordFile, TwoLinesOrNoFileIsAUsageError) {
    write("one\ntwo\n");
    EXPECT_THROW(read_password(parse({"--password-file", path.c_str()}), nullptr), usage_error);
    EXPECT_THROW(read_password(parse({"--password-file", "/nonexistent/password"}), nullptr), usage_error);
}

TEST_F(PasswordFile, BeatsTheEnvironment) {
    write("fromfile\n");
    EXPECT_EQ(read_password(parse({"--password-file", path.c_str()}), "fromenv"), "fromfile");
}

TEST(PasswordSources, TheFlagBeatsTheEnvironmentWhichBeatsNothing) {
    EXPECT_EQ(read_password(parse({"--password", "flag"}), "fromenv"), "flag");
    EXPECT_EQ(read_password(parse({}), "env{n}"), "env{n}");
    EXPECT_EQ(read_password(parse({}), nullptr), "");
}

TEST(PasswordSources, FlagAndFileExcludeEachOther) {
    EXPECT_THROW(read_password(parse({"--password", "a", "--password-file", "/etc/hostname"}), nullptr), usage_error);
}

}  // namespace

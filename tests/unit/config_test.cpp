// --config FILE and --print-config (cli/src/config): the file under the command line, every
// problem named by file and line, and the printout that reads back.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include <boost/program_options/value_semantic.hpp>

#include "smpp/cli/cli.hpp"

namespace {

namespace po = boost::program_options;
using smpp::cli::usage_error;

po::options_description flags() {
    po::options_description d("Options");
    smpp::cli::add_help_options(d);
    smpp::cli::add_config_options(d);
    d.add_options()
        ("port", po::value<std::uint16_t>()->default_value(2775), "")
        ("rate", po::value<double>()->default_value(0), "")
        ("system-id", po::value<std::string>()->default_value("esme"), "")
        ("password", po::value<std::string>(), "")
        ("http-token", po::value<std::string>(), "")
        ("echo", po::bool_switch(), "");
    return d;
}

class config_file : public ::testing::Test {
protected:
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("smpp-config-test-" + std::to_string(::getpid()) + ".conf");
    void TearDown() override { std::filesystem::remove(path); }

    void write(const std::string& text) { std::ofstream(path) << text; }

    // Parses `args` after the program name; false when parse() answered (--print-config).
    bool parse(std::vector<std::string> args, po::variables_map& vm) {
        std::vector<char*> argv{const_cast<char*>("test")};
        for (auto& a : args) argv.push_back(a.data());
        return !smpp::cli::parse(static_cast<int>(argv.size()), argv.data(), flags(), vm, "test", "");
    }

    std::string error_of(std::vector<std::string> args) {
        po::variables_map vm;
        try {
            parse(std::move(args), vm);
        } catch (const usage_error& e) {
            return e.what();
        }
        return "no error";
    }
};

TEST_F(config_file, sets_options_and_the_command_line_wins) {
    write("# the sample\nport = 2776\n\nrate = 12.5   # per second\nsystem-id = from-file\necho = true\n");
    po::variables_map vm;
    ASSERT_TRUE(parse({"--config", path.string(), "--system-id", "from-flag"}, vm));
    EXPECT_EQ(vm["port"].as<std::uint16_t>(), 2776);
    EXPECT_DOUBLE_EQ(vm["rate"].as<double>(), 12.5);
    EXPECT_EQ(vm["system-id"].as<std::string>(), "from-flag");
    EXPECT_TRUE(vm["echo"].as<bool>());
}

TEST_F(config_file, a_flag_before_or_after_config_wins_alike) {
    write("port = 2776\n");
    po::variables_map vm;
    ASSERT_TRUE(parse({"--port", "3000", "--config", path.string()}, vm));
    EXPECT_EQ(vm["port"].as<std::uint16_t>(), 3000);
}

TEST_F(config_file, names_the_line_of_an_unknown_key) {
    write("port = 2776\n# fine\nbogus = 1\n");
    const auto e = error_of({"--config", path.string()});
    EXPECT_EQ(e.find(path.string() + ":3: "), 0u) << e;
    EXPECT_NE(e.find("bogus"), std::string::npos) << e;
}

TEST_F(config_file, names_the_line_of_a_bad_value_even_when_a_flag_overrides_it) {
    write("rate = 1\nport = lots\n");
    const auto e = error_of({"--config", path.string(), "--port", "1"});
    EXPECT_EQ(e.find(path.string() + ":2: "), 0u) << e;
}

TEST_F(config_file, refuses_negative_unsigned_values_duplicates_sections_and_nesting) {
    write("port = -1\n");
    EXPECT_EQ(error_of({"--config", path.string()}).find(path.string() + ":1: "), 0u);
    write("port = 1\nport = 2\n");
    EXPECT_NE(error_of({"--config", path.string()}).find(":2: port is set twice (first on line 1)"), std::string::npos);
    write("[mc]\nport = 1\n");
    EXPECT_NE(error_of({"--config", path.string()}).find(":1: sections are not used"), std::string::npos);
    write("config = other.conf\n");
    EXPECT_NE(error_of({"--config", path.string()}).find(":1: config belongs on the command line"), std::string::npos);
    write("just words\n");
    EXPECT_EQ(error_of({"--config", path.string()}).find(path.string() + ":1: "), 0u);
}

TEST_F(config_file, an_unreadable_file_is_one_usage_error) {
    const auto missing = error_of({"--config", "/nonexistent/smpp.conf"});
    EXPECT_NE(missing.find("cannot read /nonexistent/smpp.conf"), std::string::npos) << missing;
    const auto directory = error_of({"--config", "/tmp"});
    EXPECT_NE(directory.find("cannot read /tmp"), std::string::npos) << directory;
}

TEST_F(config_file, print_config_hides_secrets_and_reads_back) {
    write("port = 2776\nrate = 0.25\npassword = secret\nhttp-token = t0ken\n");
    po::variables_map vm;
    testing::internal::CaptureStdout();
    const bool go_on = parse({"--config", path.string(), "--print-config", "--echo"}, vm);
    const auto printed = testing::internal::GetCapturedStdout();
    EXPECT_FALSE(go_on);
    EXPECT_NE(printed.find("port = 2776\n"), std::string::npos) << printed;
    EXPECT_NE(printed.find("rate = 0.25\n"), std::string::npos) << printed;
    EXPECT_NE(printed.find("echo = true\n"), std::string::npos) << printed;
    EXPECT_NE(printed.find("password = ***\n"), std::string::npos) << printed;
    EXPECT_NE(printed.find("http-token = ***\n"), std::string::npos) << printed;
    EXPECT_EQ(printed.find("secret"), std::string::npos) << printed;
    EXPECT_EQ(printed.find("t0ken"), std::string::npos) << printed;
    EXPECT_EQ(printed.find("config ="), std::string::npos) << printed;
    // What it printed is a config file again (secrets aside: *** is a value like another).
    write(printed);
    po::variables_map again;
    ASSERT_TRUE(parse({"--config", path.string()}, again));
    EXPECT_EQ(again["port"].as<std::uint16_t>(), 2776);
    EXPECT_DOUBLE_EQ(again["rate"].as<double>(), 0.25);
    EXPECT_TRUE(again["echo"].as<bool>());
}

}  // namespace

#pragma once
// What both front ends share: the logging flags, durations given in seconds, and the rule that
// a bad flag costs one line on stderr and a documented exit code, never a stack trace.
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

namespace smpp::cli {

namespace po = boost::program_options;

// Thrown for flag values the parser accepts but the program does not.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// --log-format and --log-level.
void add_logging_options(po::options_description& d);
// Validates and applies them; call once the variables are parsed.
void init_logging(const po::variables_map& vm);

// A non-negative number of seconds, fractions allowed, as milliseconds.
std::chrono::milliseconds seconds_flag(const po::variables_map& vm, const char* name);

// --max-pdu-size: the largest command_length accepted from the peer, in octets.
void add_max_pdu_size_option(po::options_description& d);
std::size_t max_pdu_size_flag(const po::variables_map& vm);

// --help and --version.
void add_help_options(po::options_description& d);

// --config FILE and --print-config; parse() then reads the file and answers --print-config.
void add_config_options(po::options_description& d);

// "smpp-mc 0.1.0 (git 1a2b3c4d5e6f)": the project version, and the commit when the build tree
// was configured from a git checkout.
std::string version_text(const char* program);
// Its parts: "0.1.0", and the commit (empty outside a git checkout).
std::string_view version_number();
std::string_view git_commit();

// Parses argv into vm, then the --config file under it (when add_config_options was given);
// true when --help, --version or --print-config was asked for (and answered on stdout).
// A positional argument, or a negative value for an unsigned flag (which program_options would
// wrap to a huge number), is a usage_error.
bool parse(int argc, char** argv, const po::options_description& d, po::variables_map& vm, const char* program,
           const char* synopsis);

// Runs `body`, turning usage problems into one line and `usage_exit`, and anything else that
// escapes into one line and `internal_exit`.
int guarded_main(const char* program, int usage_exit, int internal_exit, const std::function<int()>& body);

}  // namespace smpp::cli

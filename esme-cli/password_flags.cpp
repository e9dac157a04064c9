#include "password_flags.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <boost/program_options/value_semantic.hpp>

namespace smpp::esme {
namespace {

std::string read_password_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw cli::usage_error("cannot read --password-file " + path + ": " + std::strerror(errno));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Editors and `echo secret > file` end the line; the newline is not part of the password.
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find('\n') != std::string::npos)
        throw cli::usage_error("--password-file " + path + " must hold one line: the password");
    return text;
}

}  // namespace

void add_password_options(cli::po::options_description& d) {
    namespace po = cli::po;
    d.add_options()
        ("password", po::value<std::string>(),
         "password; {n} becomes the session number. Every local user can read it in /proc/PID/cmdline: "
         "prefer --password-file or SMPP_PASSWORD")
        ("password-file", po::value<std::string>(),
         "read the password from this file (one line, {n} expanded); default: $SMPP_PASSWORD, else empty");
}

std::string read_password(const cli::po::variables_map& vm, const char* env) {
    const bool flag = vm.count("password") != 0;
    const bool file = vm.count("password-file") != 0;
    if (flag && file) throw cli::usage_error("--password and --password-file exclude each other");
    if (flag) return vm["password"].as<std::string>();
    if (file) return read_password_file(vm["password-file"].as<std::string>());
    return env ? std::string(env) : std::string();
}

}  // namespace smpp::esme

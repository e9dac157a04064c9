// The HTTP flags both binaries share, and the rule that beyond loopback a token is required.
#include <filesystem>
#include <fstream>

#include <boost/asio/ip/address.hpp>
#include <boost/program_options/value_semantic.hpp>

#include "smpp/cli/cli.hpp"
#include "smpp/cli/http.hpp"

namespace smpp::cli::http {
namespace {

namespace po = boost::program_options;

void split_address(const std::string& text, options& o) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw usage_error("--http must be HOST:PORT, e.g. 127.0.0.1:8080");
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoul(port) > 65535)
        throw usage_error("--http port must be a number from 0 to 65535");
    o.host = host;
    o.port = static_cast<std::uint16_t>(std::stoul(port));
}

// Names other than "localhost" are not resolved here: anything not plainly loopback counts as
// beyond it, so it needs the token.
bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

std::string read_token_file(const std::string& path) {
    std::ifstream in(path);
    std::string token;
    if (!in || !std::getline(in, token)) throw usage_error("--http-token-file " + path + " cannot be read");
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) throw usage_error("--http-token-file " + path + " holds no token on its first line");
    return token;
}

std::string token_of(const po::variables_map& vm) {
    if (vm.count("http-token") && vm.count("http-token-file"))
        throw usage_error("give --http-token or --http-token-file, not both");
    if (vm.count("http-token-file")) return read_token_file(vm["http-token-file"].as<std::string>());
    if (!vm.count("http-token")) return {};
    auto token = vm["http-token"].as<std::string>();
    if (token.empty()) throw usage_error("--http-token must not be empty");
    return token;
}

// Written whole and then renamed, so a script polling for it never reads half a number.
void write_port_file(const std::string& path, std::uint16_t port) {
    const std::string partial = path + ".partial";
    std::ofstream(partial) << port << "\n";
    std::filesystem::rename(partial, path);
}

}  // namespace

void add_options(po::options_description& d) {
    po::options_description http("HTTP API");
    http.add_options()
        ("http", po::value<std::string>(), "HOST:PORT to serve the HTTP API on (off by default; port 0 picks a free port); beyond loopback it needs --http-token")
        ("http-port-file", po::value<std::string>(), "write the HTTP API's bound port number to this file once listening")
        ("http-token", po::value<std::string>(), "token required as 'Authorization: Bearer TOKEN' on POST, PATCH and DELETE")
        ("http-token-file", po::value<std::string>(), "file whose first line is the --http-token (keeps it out of the process list)")
        ("http-timeout", po::value<double>()->default_value(10), "seconds an HTTP client has to send each whole request, and again to read each answer");
    d.add(http);
}

std::optional<options> read_options(const po::variables_map& vm, std::string role) {
    if (!vm.count("http")) {
        for (const char* dependent : {"http-port-file", "http-token", "http-token-file"})
            if (vm.count(dependent)) throw usage_error(std::string("--") + dependent + " needs --http");
        return std::nullopt;
    }
    options o;
    split_address(vm["http"].as<std::string>(), o);
    o.token = token_of(vm);
    if (o.token.empty() && !is_loopback(o.host))
        throw usage_error("--http " + o.host + " is beyond loopback: give --http-token or --http-token-file");
    o.read_timeout = seconds_flag(vm, "http-timeout");
    if (o.read_timeout.count() == 0) throw usage_error("--http-timeout must be more than 0 seconds");
    o.role = std::move(role);
    if (vm.count("http-port-file"))
        o.on_listening = [path = vm["http-port-file"].as<std::string>()](std::uint16_t port) {
            write_port_file(path, port);
        };
    return o;
}

}  // namespace smpp::cli::http

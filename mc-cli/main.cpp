// smpp-mc: flags, logging and the exit code; the MC itself is smpp::mc_server.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/program_options/value_semantic.hpp>

#include "credentials.hpp"
#include "smpp/cli/cli.hpp"
#include "smpp/cli/tls.hpp"
#include "smpp/net/mc_server.hpp"

namespace {

namespace po = boost::program_options;
using smpp::cli::usage_error;

void split_listen(const std::string& text, smpp::mc_options& o) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw usage_error("--listen must be HOST:PORT, e.g. 127.0.0.1:2775");
    std::string host = text.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string port = text.substr(colon + 1);
    if (port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 || std::stoul(port) > 65535)
        throw usage_error("--listen port must be a number from 0 to 65535");
    o.host = host;
    o.port = static_cast<std::uint16_t>(std::stoul(port));
}

// A whole number from 0 to `max`, digits only: program_options would read "-1" as a huge
// unsigned value.
std::uint64_t count_flag(const po::variables_map& vm, const char* name, std::uint64_t max, const char* what) {
    const auto& text = vm[name].as<std::string>();
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value > max)
        throw usage_error(std::string("--") + name + " must be " + what + " from 0 to " + std::to_string(max));
    return value;
}

// A command_status such as 0x58 or 88; 0 (ESME_ROK) would not reject anything.
std::uint32_t status_flag(const po::variables_map& vm, const char* name) {
    std::string_view text = vm[name].as<std::string>();
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value == 0)
        throw usage_error(std::string("--") + name + " must be a non-zero command_status, hex (0x58) or decimal (88)");
    return value;
}

double ratio_flag(const po::variables_map& vm, const char* name) {
    const double value = vm[name].as<double>();
    if (!std::isfinite(value) || value < 0 || value > 1)
        throw usage_error(std::string("--") + name + " must be a number from 0 to 1");
    return value;
}

// Written whole and then renamed, so a script polling for it never reads half a number.
void write_port_file(const std::string& path, std::uint16_t port) {
    const std::string partial = path + ".partial";
    std::ofstream(partial) << port << "\n";
    std::filesystem::rename(partial, path);
}

int run(int argc, char** argv) {
    po::options_description d("Options");
    d.add_options()
        ("help,h", "show this help")
        ("listen", po::value<std::string>()->default_value("127.0.0.1:2775"), "HOST:PORT to listen on; port 0 picks a free port")
        ("port-file", po::value<std::string>(), "write the bound port number to this file once listening")
        ("system-id", po::value<std::string>()->default_value("smpp-mc"), "system_id this MC returns in bind responses")
        ("credentials", po::value<std::string>(), "file of system_id:password lines; without it every bind is accepted")
        ("unbind-timeout", po::value<double>()->default_value(5), "seconds to wait for each unbind_resp at shutdown")
        ("bind-timeout", po::value<double>()->default_value(10), "seconds a new connection has to bind")
        ("enquire-link-interval", po::value<double>()->default_value(30), "idle seconds before an enquire_link; 0 disables")
        ("response-timeout", po::value<double>()->default_value(10), "seconds to wait for a response to our requests")
        ("drain-timeout", po::value<double>()->default_value(5), "seconds to wait at shutdown for owed submit_sm_resps and answers to receipts before unbinding")
        ("response-delay-ms", po::value<std::string>()->default_value("0"), "delay every submit_sm_resp by this many milliseconds (answered in order)")
        ("receipt-delay-ms", po::value<std::string>()->default_value("0"), "send each delivery receipt this many milliseconds after its submit_sm_resp")
        ("reject-ratio", po::value<double>()->default_value(0), "fraction 0..1 of submit_sm answered with --reject-status, spread evenly (0.5: every 2nd)")
        ("reject-status", po::value<std::string>()->default_value("0x08"), "command_status for rejected submit_sm, hex or decimal (default ESME_RSYSERR)")
        ("throttle", po::value<std::string>()->default_value("0"), "per session: submit_sm beyond this many per second get ESME_RTHROTTLED; 0 disables")
        ("ignore-unbind", po::bool_switch(), "test knob: never answer unbind (to test clients' timeouts)");
    d.add(smpp::cli::tls_options_for(smpp::role::mc));
    smpp::cli::add_logging_options(d);
    po::variables_map vm;
    if (smpp::cli::parse(argc, argv, d, vm, "Usage: smpp-mc [options]\nAn SMPP 3.4 message centre (MC) and test simulator."))
        return smpp::mc_exit::ok;

    smpp::mc_options o;
    split_listen(vm["listen"].as<std::string>(), o);
    o.system_id = vm["system-id"].as<std::string>();
    if (o.system_id.empty() || o.system_id.size() > 15) throw usage_error("--system-id must be 1 to 15 characters");
    o.unbind_timeout = smpp::cli::seconds_flag(vm, "unbind-timeout");
    o.bind_timeout = smpp::cli::seconds_flag(vm, "bind-timeout");
    o.enquire_link_interval = smpp::cli::seconds_flag(vm, "enquire-link-interval");
    o.response_timeout = smpp::cli::seconds_flag(vm, "response-timeout");
    o.drain_timeout = smpp::cli::seconds_flag(vm, "drain-timeout");
    constexpr std::uint64_t one_hour_ms = 3'600'000;
    o.response_delay = std::chrono::milliseconds(count_flag(vm, "response-delay-ms", one_hour_ms, "a whole number of milliseconds"));
    o.receipt_delay = std::chrono::milliseconds(count_flag(vm, "receipt-delay-ms", one_hour_ms, "a whole number of milliseconds"));
    o.reject_ratio = ratio_flag(vm, "reject-ratio");
    o.reject_status = status_flag(vm, "reject-status");
    o.throttle = static_cast<std::uint32_t>(count_flag(vm, "throttle", 1'000'000, "a whole number of submit_sm per second"));
    o.ignore_unbind = vm["ignore-unbind"].as<bool>();
    o.tls = smpp::cli::read_tls_options(vm, smpp::role::mc);
    smpp::cli::init_logging(vm);

    if (vm.count("credentials")) {
        try {
            o.credentials = smpp::mc::load_credentials(vm["credentials"].as<std::string>());
        } catch (const std::exception& e) {
            std::cerr << "smpp-mc: " << e.what() << "\n";
            return smpp::mc_exit::cannot_listen;
        }
        o.allow_any_bind = false;
    }
    if (vm.count("port-file")) {
        o.on_listening = [path = vm["port-file"].as<std::string>()](std::uint16_t port) { write_port_file(path, port); };
    }
    smpp::mc_server server(std::move(o));
    return server.run();
}

}  // namespace

int main(int argc, char** argv) {
    return smpp::cli::guarded_main("smpp-mc", smpp::mc_exit::usage, smpp::mc_exit::internal_error,
                                   [&] { return run(argc, argv); });
}

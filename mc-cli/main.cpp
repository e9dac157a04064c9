// smpp-mc: flags, logging and the exit code; the MC itself is smpp::mc_server.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <boost/program_options/value_semantic.hpp>

#include "credentials.hpp"
#include "smpp/cli/cli.hpp"
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
        ("ignore-unbind", po::bool_switch(), "test knob: never answer unbind (to test clients' timeouts)");
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
    o.ignore_unbind = vm["ignore-unbind"].as<bool>();
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

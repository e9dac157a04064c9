// smpp-esme: flags, logging and the exit code; the client itself is smpp::esme_client.
#include <boost/program_options/value_semantic.hpp>

#include "smpp/cli/cli.hpp"
#include "smpp/net/esme_client.hpp"

namespace {

namespace po = boost::program_options;
using smpp::cli::usage_error;

smpp::bind_type parse_mode(const std::string& s) {
    if (s == "transceiver") return smpp::bind_type::transceiver;
    if (s == "transmitter") return smpp::bind_type::transmitter;
    if (s == "receiver") return smpp::bind_type::receiver;
    throw usage_error("--bind-mode must be transceiver, transmitter or receiver");
}

// The spec's limits (§4.1) after "{n}" is expanded for the highest session number.
void check_lengths(const smpp::esme_options& o) {
    if (smpp::expand_session_template(o.system_id, o.sessions).size() > 15)
        throw usage_error("--system-id must be at most 15 characters once {n} is expanded");
    if (smpp::expand_session_template(o.password, o.sessions).size() > 8)
        throw usage_error("--password must be at most 8 characters once {n} is expanded");
}

int run(int argc, char** argv) {
    po::options_description d("Options");
    d.add_options()
        ("help,h", "show this help")
        ("host", po::value<std::string>()->default_value("localhost"), "MC host name or address")
        ("port", po::value<std::uint16_t>()->default_value(2775), "MC port")
        ("sessions", po::value<unsigned>()->default_value(1), "number of sessions to bind (1-10000)")
        ("system-id", po::value<std::string>()->default_value("esme"), "system_id; {n} becomes the session number")
        ("password", po::value<std::string>()->default_value(""), "password; {n} becomes the session number")
        ("system-type", po::value<std::string>()->default_value(""), "system_type sent in the bind")
        ("bind-mode", po::value<std::string>()->default_value("transceiver"), "transceiver | transmitter | receiver")
        ("duration", po::value<double>(), "seconds to stay bound, then unbind; default: until SIGINT/SIGTERM")
        ("unbind-timeout", po::value<double>()->default_value(5), "seconds to wait for each unbind_resp")
        ("bind-timeout", po::value<double>()->default_value(10), "seconds to wait for each bind_resp")
        ("connect-timeout", po::value<double>()->default_value(5), "seconds to wait for each TCP connect")
        ("enquire-link-interval", po::value<double>()->default_value(30), "idle seconds before an enquire_link; 0 disables")
        ("response-timeout", po::value<double>()->default_value(10), "seconds to wait for a response to our requests");
    smpp::cli::add_logging_options(d);
    po::variables_map vm;
    if (smpp::cli::parse(argc, argv, d, vm,
                         "Usage: smpp-esme [options]\nBinds N SMPP 3.4 sessions to an MC; on SIGINT, SIGTERM or the end of "
                         "--duration unbinds them all at once.\nA second SIGINT closes every session immediately."))
        return smpp::esme_exit::ok;

    smpp::esme_options o;
    o.host = vm["host"].as<std::string>();
    o.port = vm["port"].as<std::uint16_t>();
    o.sessions = vm["sessions"].as<unsigned>();
    if (o.sessions < 1 || o.sessions > 10000) throw usage_error("--sessions must be from 1 to 10000");
    o.system_id = vm["system-id"].as<std::string>();
    o.password = vm["password"].as<std::string>();
    o.system_type = vm["system-type"].as<std::string>();
    if (o.system_type.size() > 12) throw usage_error("--system-type must be at most 12 characters");
    check_lengths(o);
    o.mode = parse_mode(vm["bind-mode"].as<std::string>());
    if (vm.count("duration")) o.duration = smpp::cli::seconds_flag(vm, "duration");
    o.unbind_timeout = smpp::cli::seconds_flag(vm, "unbind-timeout");
    o.bind_timeout = smpp::cli::seconds_flag(vm, "bind-timeout");
    o.connect_timeout = smpp::cli::seconds_flag(vm, "connect-timeout");
    o.enquire_link_interval = smpp::cli::seconds_flag(vm, "enquire-link-interval");
    o.response_timeout = smpp::cli::seconds_flag(vm, "response-timeout");
    smpp::cli::init_logging(vm);

    smpp::esme_client client(std::move(o));
    return client.run();
}

}  // namespace

int main(int argc, char** argv) {
    return smpp::cli::guarded_main("smpp-esme", smpp::esme_exit::usage, smpp::esme_exit::internal_error,
                                   [&] { return run(argc, argv); });
}

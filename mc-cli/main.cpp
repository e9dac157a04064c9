// smpp-mc: flags, logging and the exit code; the MC itself is smpp::mc_server (mc_app.hpp).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/program_options/value_semantic.hpp>
#include <fmt/format.h>

#include "credentials.hpp"
#include "smpp/cli/cli.hpp"
#include "smpp/cli/http.hpp"
#include "smpp/cli/fd_limit.hpp"
#include "smpp/log/log.hpp"
#include "smpp/mc/message_store.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/cli/tls.hpp"
#include "smpp/cli/wire.hpp"
#include "mc_app.hpp"
#include "mo_file.hpp"

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

// A whole number from `min` to `max`, digits only: program_options would read "-1" as a huge
// unsigned value.
std::uint64_t count_flag(const po::variables_map& vm, const char* name, std::uint64_t max, const char* what,
                         std::uint64_t min = 0) {
    const auto& text = vm[name].as<std::string>();
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min || value > max)
        throw usage_error(std::string("--") + name + " must be " + what + " from " + std::to_string(min) + " to " +
                          std::to_string(max));
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

// A receipt stat word naming a failed final state, in any case: UNDELIV, EXPIRED, REJECTD...
smpp::message_state fail_state_flag(const po::variables_map& vm, const char* name) {
    std::string text = vm[name].as<std::string>();
    for (auto& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const auto state = smpp::mc::state_of_stat(text);
    if (!state || !smpp::mc::is_final(*state) || *state == smpp::message_state::delivered)
        throw usage_error(std::string("--") + name + " must be one of UNDELIV, EXPIRED, REJECTD, DELETED");
    return *state;
}

// Written whole and then renamed, so a script polling for it never reads half a number.
void write_port_file(const std::string& path, std::uint16_t port) {
    const std::string partial = path + ".partial";
    std::ofstream(partial) << port << "\n";
    std::filesystem::rename(partial, path);
}

// MO traffic, receipt variants and the deliver_sm retries: kept together, away from the rest.
po::options_description mo_flags() {
    po::options_description d("MO traffic and receipts");
    d.add_options()
        ("mo-rate", po::value<double>()->default_value(0), "MO deliver_sm per second to each system_id with a receiver or transceiver bound; 0: none")
        ("mo-from", po::value<std::string>()->default_value("447700900001"), "source_addr of --mo-rate MO; {n} counts up from 1")
        ("mo-to", po::value<std::string>()->default_value("12345"), "destination_addr of --mo-rate MO; {n} counts up")
        ("mo-text", po::value<std::string>()->default_value("MO message {n}"), "text (UTF-8) of --mo-rate MO; {n} counts up")
        ("mo-data-coding", po::value<std::string>(), "data_coding of --mo-rate MO: 0 (GSM 7-bit), 3 (Latin-1) or 8 (UCS-2); default: the smallest that holds the text")
        ("mo-file", po::value<std::string>(), "JSON lines of MO (system_id, from, to, text; optional data_coding, esm_class, tlvs, after_ms) played in order from the start")
        ("mo-long", po::value<std::string>()->default_value("udh"), "a long MO text: udh (concatenated parts) or payload (one message_payload)")
        ("mo-queue", po::value<std::string>()->default_value("10000"), "MO kept per system_id while no receiver is bound; beyond, the oldest are dropped")
        ("echo", po::bool_switch(), "every accepted submit_sm comes back as an MO from its destination to its source, same text")
        ("receipt-format", po::value<std::string>()->default_value("standard"), "receipt variant: standard, seconds, no-sub, err4, decimal-id, tlv-only or text-only")
        ("deliver-retry-ms", po::value<std::string>()->default_value("1000"), "a deliver_sm (MO or receipt) answered with a temporary error goes again after this many ms, doubling each time")
        ("deliver-retries", po::value<std::string>()->default_value("5"), "retries of a deliver_sm answered with temporary errors before it is dropped");
    return d;
}

po::options_description flags() {
    po::options_description d("Options");
    smpp::cli::add_help_options(d);
    smpp::cli::add_config_options(d);
    d.add_options()
        ("listen", po::value<std::string>()->default_value("127.0.0.1:2775"), "HOST:PORT to listen on; port 0 picks a free port")
        ("port-file", po::value<std::string>(), "write the bound port number to this file once listening")
        ("system-id", po::value<std::string>()->default_value("smpp-mc"), "system_id this MC returns in bind responses")
        ("credentials", po::value<std::string>(), "file of system_id:password lines; without it every bind is accepted")
        ("unbind-timeout", po::value<double>()->default_value(5), "seconds to wait for each unbind_resp at shutdown")
        ("bind-timeout", po::value<double>()->default_value(10), "seconds a new connection has to bind")
        ("enquire-link-interval", po::value<double>()->default_value(30), "idle seconds before an enquire_link; 0 disables")
        ("response-timeout", po::value<double>()->default_value(10), "seconds to wait for a response to our requests")
        ("drain-timeout", po::value<double>()->default_value(5), "seconds to wait at shutdown for owed submit_sm_resps and answers to receipts and MO (and their retries due meanwhile) before unbinding")
        ("response-delay-ms", po::value<std::string>()->default_value("0"), "delay every response to submit_sm, data_sm, submit_multi, query_sm, cancel_sm, replace_sm by this many milliseconds (answered in order)")
        ("receipt-delay-ms", po::value<std::string>()->default_value("0"), "deliver each message (final state, receipt) this many milliseconds after its response; ENROUTE until then")
        ("reject-ratio", po::value<double>()->default_value(0), "fraction 0..1 of submit_sm/data_sm (submit_multi destinations) answered with --reject-status, spread evenly (0.5: every 2nd)")
        ("reject-status", po::value<std::string>()->default_value("0x08"), "command_status for rejected submissions, hex or decimal (default ESME_RSYSERR)")
        ("throttle", po::value<std::string>()->default_value("0"), "per session: submit_sm/data_sm/submit_multi beyond this many per second get ESME_RTHROTTLED; 0 disables")
        ("receipt-fail-ratio", po::value<double>()->default_value(0), "fraction 0..1 of deliveries that fail, spread evenly (0.5: every 2nd); the message and its receipt get --receipt-fail-state")
        ("receipt-fail-state", po::value<std::string>()->default_value("UNDELIV"), "final state of a failed delivery: UNDELIV, EXPIRED, REJECTD or DELETED")
        ("receipt-fail-error", po::value<std::string>()->default_value("1"), "network error code (1..255) of a failed delivery: receipt err:, network_error_code, query_sm_resp error_code")
        ("store-size", po::value<std::string>()->default_value("100000"), "messages remembered for query_sm/cancel_sm/replace_sm; the oldest final ones are forgotten first")
        ("ignore-unbind", po::bool_switch(), "test knob: never answer unbind (to test clients' timeouts)")
        ("max-sessions", po::value<std::string>()->default_value("1000"), "sessions bound at once; a bind beyond gets ESME_RBINDFAIL; 0: no limit")
        ("max-sessions-per-system-id", po::value<std::string>()->default_value("0"), "sessions bound at once with one system_id; 0: no limit")
        ("max-failed-binds", po::value<std::string>()->default_value("10"), "failed binds from one address within --failed-bind-window before its binds are refused unchecked; 0: never")
        ("failed-bind-window", po::value<double>()->default_value(60), "seconds a failed bind counts against its address")
        ("inactivity-timeout", po::value<double>()->default_value(0), "close a bound session after this many seconds with no PDU from it; 0 disables")
        ("threads", po::value<std::string>()->default_value("1"), "threads to spread the sessions over, each with its own I/O loop and message store; 0: one per core")
        ("metrics-max-system-ids", po::value<std::string>()->default_value("100"), "GET /metrics labels sessions by at most this many system_ids; the later ones are counted as other");
    smpp::cli::add_max_pdu_size_option(d);
    d.add(smpp::cli::tls_options_for(smpp::role::mc));
    d.add(mo_flags());
    smpp::cli::add_logging_options(d);
    smpp::cli::add_wire_options(d);
    smpp::cli::http::add_options(d);
    return d;
}

smpp::traffic::long_mode long_mode_flag(const po::variables_map& vm) {
    const auto& text = vm["mo-long"].as<std::string>();
    if (text == "udh") return smpp::traffic::long_mode::udh;
    if (text == "payload") return smpp::traffic::long_mode::payload;
    throw usage_error("--mo-long must be udh or payload");
}

void read_mo_template(const po::variables_map& vm, smpp::mc_options& o) {
    auto& m = o.mo_template;
    m.from = vm["mo-from"].as<std::string>();
    m.to = vm["mo-to"].as<std::string>();
    m.text = vm["mo-text"].as<std::string>();
    if (m.from.size() > 20 || m.to.size() > 20) throw usage_error("--mo-from and --mo-to must be at most 20 characters");
    if (vm.count("mo-data-coding")) {
        const auto dc = count_flag(vm, "mo-data-coding", 8, "0, 3 or 8");
        if (dc != 0 && dc != 3 && dc != 8) throw usage_error("--mo-data-coding must be 0, 3 or 8");
        m.data_coding = static_cast<std::uint8_t>(dc);
    }
    if (smpp::mc::mo_bodies(m, o.mo_long, 0).empty())
        throw usage_error("--mo-text cannot be sent: no encoding in that data_coding, or more than 255 parts");
}

void read_mo_options(const po::variables_map& vm, smpp::mc_options& o) {
    o.mo_rate = vm["mo-rate"].as<double>();
    if (!std::isfinite(o.mo_rate) || o.mo_rate < 0 || o.mo_rate > 100'000)
        throw usage_error("--mo-rate must be a number from 0 to 100000");
    o.mo_long = long_mode_flag(vm);
    read_mo_template(vm, o);
    if (vm.count("mo-file")) {
        try {
            o.mo_script = smpp::mc_app::read_mo_file(vm["mo-file"].as<std::string>(), o.mo_long);
        } catch (const std::runtime_error& e) {
            throw usage_error(e.what());
        }
    }
    o.mo_queue = count_flag(vm, "mo-queue", 10'000'000, "a whole number of messages", 1);
    o.echo = vm["echo"].as<bool>();
    const auto format = smpp::mc::receipt_format_of(vm["receipt-format"].as<std::string>());
    if (!format)
        throw usage_error("--receipt-format must be standard, seconds, no-sub, err4, decimal-id, tlv-only or text-only");
    o.receipt_format = *format;
    o.deliver_retry.first =
        std::chrono::milliseconds(count_flag(vm, "deliver-retry-ms", 3'600'000, "a whole number of milliseconds", 1));
    o.deliver_retry.retries = static_cast<std::uint32_t>(count_flag(vm, "deliver-retries", 100, "a whole number"));
}

// 0 asks for one thread per core; the cap keeps a typo from starting thousands of threads.
std::size_t threads_flag(const po::variables_map& vm) {
    const auto n = count_flag(vm, "threads", 256, "a whole number of threads");
    if (n != 0) return n;
    return std::max(1u, std::thread::hardware_concurrency());
}

smpp::mc_options read_options(const po::variables_map& vm) {
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
    o.throttle = static_cast<std::uint32_t>(count_flag(vm, "throttle", 1'000'000, "a whole number of submissions per second"));
    o.receipt_fail_ratio = ratio_flag(vm, "receipt-fail-ratio");
    o.receipt_fail_state = fail_state_flag(vm, "receipt-fail-state");
    o.receipt_fail_error = static_cast<std::uint8_t>(count_flag(vm, "receipt-fail-error", 255, "a whole number", 1));
    o.store_size = count_flag(vm, "store-size", 100'000'000, "a whole number of messages", 1);
    o.ignore_unbind = vm["ignore-unbind"].as<bool>();
    constexpr std::uint64_t max_count = 1'000'000;
    o.admission.max_sessions = static_cast<std::uint32_t>(count_flag(vm, "max-sessions", max_count, "a whole number"));
    o.admission.max_sessions_per_system_id =
        static_cast<std::uint32_t>(count_flag(vm, "max-sessions-per-system-id", max_count, "a whole number"));
    o.admission.max_failed_binds = static_cast<std::uint32_t>(count_flag(vm, "max-failed-binds", max_count, "a whole number"));
    o.admission.failed_bind_window = smpp::cli::seconds_flag(vm, "failed-bind-window");
    o.inactivity_timeout = smpp::cli::seconds_flag(vm, "inactivity-timeout");
    o.max_pdu_size = smpp::cli::max_pdu_size_flag(vm);
    o.metrics_max_system_ids = count_flag(vm, "metrics-max-system-ids", 100'000, "a whole number", 1);
    o.tls = smpp::cli::read_tls_options(vm, smpp::role::mc);
    read_mo_options(vm, o);
    o.http = smpp::cli::http::read_options(vm, "mc");
    o.threads = threads_flag(vm);
    if (o.threads > 1 && o.http) throw usage_error("--http needs --threads 1: the HTTP API sees one thread's sessions only");
    return o;
}

// False when the file cannot be read: the MC must not start open to every bind by mistake.
bool load_credentials(const std::string& path, smpp::mc_options& o) {
    try {
        o.credentials = smpp::mc::load_credentials(path);
    } catch (const std::exception& e) {
        std::cerr << "smpp-mc: " << e.what() << "\n";
        return false;
    }
    o.allow_any_bind = false;
    if (const auto open = smpp::mc::open_to_others(path)) {
        char mode[16];
        std::snprintf(mode, sizeof mode, "0%02o", open);
        smpp::log::event(smpp::log::level::warn, {.role = "mc"}, "credentials_exposed",
                         "Credentials file " + path + " is open to group or others (mode & 077 = " + mode +
                             "); chmod go= it");
    }
    return true;
}

// One socket per session: the soft descriptor limit (often 1024) goes up to the hard one, and
// a --max-sessions beyond even that is said once at the start, not as accept errors later.
void warn_if_fds_short(std::uint32_t max_sessions) {
    const auto limit = smpp::cli::raise_fd_limit();
    const std::uint64_t need = max_sessions + smpp::cli::fds_besides_sessions;
    if (limit.soft == 0 || need <= limit.soft) return;
    smpp::log::event(smpp::log::level::warn, {.role = "mc"}, "fd_limit",
                     fmt::format("--max-sessions {} needs about {} file descriptors; this process may open {}: "
                                 "connections beyond that are refused",
                                 max_sessions, need, limit.soft));
}

int run(int argc, char** argv) {
    const auto d = flags();
    po::variables_map vm;
    if (smpp::cli::parse(argc, argv, d, vm, "smpp-mc",
                         "Usage: smpp-mc [options]\nAn SMPP 3.4 message centre (MC) and test simulator."))
        return smpp::mc_exit::ok;
    auto o = read_options(vm);
    smpp::cli::init_logging(vm);
    smpp::cli::init_wire(vm);
    warn_if_fds_short(o.admission.max_sessions);
    if (vm.count("credentials") && !load_credentials(vm["credentials"].as<std::string>(), o))
        return smpp::mc_exit::cannot_listen;
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

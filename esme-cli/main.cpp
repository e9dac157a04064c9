// smpp-esme: flags, logging and the exit code; the client itself is smpp::esme_client.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <boost/program_options/value_semantic.hpp>
#include <sstream>
#include <thread>

#include "message_input.hpp"
#include "smpp/cli/cli.hpp"
#include "smpp/cli/fd_limit.hpp"
#include "smpp/cli/tls.hpp"
#include "smpp/cli/wire.hpp"
#include "smpp/codec/smpp_time.hpp"
#include "esme_app.hpp"
#include "password_flags.hpp"
#include "submit_templates.hpp"

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

std::string time_flag(const po::variables_map& vm, const char* name) {
    if (!vm.count(name)) return {};
    auto value = vm[name].as<std::string>();
    if (!smpp::parse_smpp_time(value))
        throw usage_error(std::string("--") + name +
                          " must be an SMPP time: YYMMDDhhmmsstnnp, e.g. 000000010000000R for one hour from submission");
    return value;
}

std::uint8_t byte_flag(const po::variables_map& vm, const char* name) {
    const unsigned v = vm[name].as<unsigned>();
    if (v > 255) throw usage_error(std::string("--") + name + " must be 0-255");
    return static_cast<std::uint8_t>(v);
}

void read_traffic(const po::variables_map& vm, smpp::esme_options& o) {
    o.rate = vm["rate"].as<double>();
    if (!(o.rate >= 0)) throw usage_error("--rate must be 0 or more");
    o.window = vm["window"].as<unsigned>();
    if (o.window < 1 || o.window > 10000) throw usage_error("--window must be from 1 to 10000");
    o.drain_timeout = smpp::cli::seconds_flag(vm, "drain-timeout");
    const auto long_text = vm["long-text"].as<std::string>();
    if (long_text != "udh" && long_text != "payload") throw usage_error("--long-text must be udh or payload");
    o.long_text = long_text == "udh" ? smpp::traffic::long_mode::udh : smpp::traffic::long_mode::payload;
    if (vm.count("report")) o.report_path = vm["report"].as<std::string>();
    const auto count = vm["messages"].as<std::uint64_t>();
    if (vm.count("input")) {
        if (count != 0) throw usage_error("--input and --messages exclude each other");
        try {
            o.messages = smpp::esme::read_messages(vm["input"].as<std::string>());
        } catch (const std::runtime_error& e) {
            throw usage_error(e.what());
        }
        return;
    }
    if (count > 10'000'000) throw usage_error("--messages must be at most 10000000");
    smpp::outgoing_message m{vm["from"].as<std::string>(), vm["to"].as<std::string>(), vm["text"].as<std::string>(), {},
                             byte_flag(vm, "registered-delivery"), time_flag(vm, "schedule"), time_flag(vm, "validity")};
    if (vm.count("data-coding")) {
        m.data_coding = byte_flag(vm, "data-coding");
        if (*m.data_coding != 0 && *m.data_coding != 3 && *m.data_coding != 8)
            throw usage_error("--data-coding must be 0, 3 or 8");
    }
    // Nothing of it could be sent: say so now rather than report every copy rejected.
    if (const auto why = smpp::esme::unsendable(m, o.long_text)) throw usage_error("--text cannot be sent: " + *why);
    o.synthetic = std::move(m);
    o.synthetic_count = count;
}

// --fail-on rejected,timeout,...: each name once or more, nothing else.
smpp::fail_conditions parse_fail_on(const std::string& list) {
    smpp::fail_conditions f;
    std::istringstream in(list);
    for (std::string name; std::getline(in, name, ',');) {
        if (name == "rejected") f.rejected = true;
        else if (name == "timeout") f.timeout = true;
        else if (name == "not-sent") f.not_sent = true;
        else if (name == "no-receipt") f.no_receipt = true;
        else if (name == "unbind-timeout") f.unbind_timeout = true;
        else throw usage_error("--fail-on takes a comma-separated list of rejected, timeout, not-sent, no-receipt, unbind-timeout");
    }
    return f;
}

// Receipts, the end of the run and what it reports.
po::options_description run_flags() {
    po::options_description r("Receipts and results");
    r.add_options()
        ("wait-receipts", po::value<double>()->default_value(0), "after the last submit response, stay bound up to this many seconds for the receipts still owed")
        ("summary-json", po::value<std::string>(), "also write the summary as one JSON object to this file")
        ("fail-on", po::value<std::string>(), "exit 6 when any of these happened: rejected,timeout,not-sent,no-receipt,unbind-timeout")
        ("progress", po::value<double>(), "a progress line on stderr every this many seconds; default 1 when stderr is a terminal, else 0 (off)")
        ("metrics-max-sessions", po::value<unsigned>()->default_value(100), "GET /metrics labels at most this many sessions by number; the later ones are counted as other");
    return r;
}

void read_run_flags(const po::variables_map& vm, smpp::esme_options& o) {
    o.wait_receipts = smpp::cli::seconds_flag(vm, "wait-receipts");
    if (vm.count("summary-json")) o.summary_json_path = vm["summary-json"].as<std::string>();
    if (vm.count("fail-on")) o.fail_on = parse_fail_on(vm["fail-on"].as<std::string>());
    o.progress = vm.count("progress") ? smpp::cli::seconds_flag(vm, "progress")
                                      : std::chrono::milliseconds(::isatty(STDERR_FILENO) ? 1000 : 0);
    o.metrics_max_sessions = vm["metrics-max-sessions"].as<unsigned>();
    if (o.metrics_max_sessions < 1 || o.metrics_max_sessions > 10000)
        throw usage_error("--metrics-max-sessions must be from 1 to 10000");
    smpp::size_open_ended_traffic(o);
    if (o.synthetic_count > 10'000'000) throw usage_error("--rate times --duration must stay within 10000000 messages");
}

// --received and its reassembly deadline.
void add_received_flags(po::options_description& d) {
    d.add_options()
        ("received", po::value<std::string>(), "write every deliver_sm/data_sm from the MC (MO and receipts) to this file, one JSON line each")
        ("reassembly-timeout", po::value<double>()->default_value(60), "seconds the parts of a long incoming message wait for the rest before it is written as incomplete");
}

void read_received(const po::variables_map& vm, smpp::esme_options& o) {
    o.reassembly_timeout = smpp::cli::seconds_flag(vm, "reassembly-timeout");
    if (o.reassembly_timeout <= std::chrono::milliseconds::zero()) throw usage_error("--reassembly-timeout must be more than 0");
    if (!vm.count("received")) return;
    o.received_path = vm["received"].as<std::string>();
    if (!std::ofstream(o.received_path, std::ios::app)) throw usage_error("--received: cannot write " + o.received_path);
}

po::options_description flags() {
    po::options_description d("Options");
    smpp::cli::add_help_options(d);
    smpp::cli::add_config_options(d);
    d.add_options()
        ("host", po::value<std::string>()->default_value("localhost"), "MC host name or address")
        ("port", po::value<std::uint16_t>()->default_value(2775), "MC port")
        ("sessions", po::value<unsigned>()->default_value(1), "number of sessions to bind (1-100000; the descriptor limit is checked before connecting)")
        ("threads", po::value<unsigned>()->default_value(1), "threads to spread the sessions over, each with its own io_context (1-256); 0: one per core")
        ("system-id", po::value<std::string>()->default_value("esme"), "system_id; {n} becomes the session number")
        ("system-type", po::value<std::string>()->default_value(""), "system_type sent in the bind")
        ("bind-mode", po::value<std::string>()->default_value("transceiver"), "transceiver | transmitter | receiver")
        ("duration", po::value<double>(), "seconds to stay bound, then unbind; default: until SIGINT/SIGTERM")
        ("unbind-timeout", po::value<double>()->default_value(5), "seconds to wait for each unbind_resp")
        ("bind-timeout", po::value<double>()->default_value(10), "seconds to wait for each bind_resp")
        ("connect-timeout", po::value<double>()->default_value(5), "seconds to wait for each TCP connect")
        ("max-connecting", po::value<unsigned>()->default_value(256), "sessions connecting at once at the start, until each has sent its bind; 0: all at once")
        ("enquire-link-interval", po::value<double>()->default_value(30), "idle seconds before an enquire_link; 0 disables")
        ("response-timeout", po::value<double>()->default_value(10), "seconds to wait for a response to our requests")
        ("inactivity-timeout", po::value<double>()->default_value(0), "close a bound session after this many seconds with no PDU from the MC; 0 disables")
        ("reconnect", po::bool_switch(), "a bound session whose connection is lost connects and binds again, with exponential back-off")
        ("reconnect-max-delay", po::value<double>()->default_value(10), "longest pause between reconnect attempts, seconds")
        ("reconnect-timeout", po::value<double>()->default_value(60), "give up reconnecting a session this many seconds after its connection was lost");
    smpp::esme::add_password_options(d);
    smpp::cli::add_max_pdu_size_option(d);
    po::options_description t("Traffic");
    t.add_options()
        ("messages", po::value<std::uint64_t>()->default_value(0), "synthetic submit_sm to send in total, split over the sessions")
        ("rate", po::value<double>()->default_value(0), "messages per second over all sessions; 0: as fast as the window allows")
        ("window", po::value<unsigned>()->default_value(10), "unanswered submit_sm per session (1-10000)")
        ("from", po::value<std::string>()->default_value("12345"), "source_addr")
        ("to", po::value<std::string>()->default_value("67890"), "destination_addr")
        ("text", po::value<std::string>()->default_value("Hello from smpp-esme"), "message text (UTF-8)")
        ("data-coding", po::value<unsigned>(), "0 GSM 7-bit, 3 Latin-1, 8 UCS-2; default: GSM 7-bit if the text fits, else UCS-2")
        ("registered-delivery", po::value<unsigned>()->default_value(0), "registered_delivery (1: ask for a delivery receipt)")
        ("schedule", po::value<std::string>(), "schedule_delivery_time, an SMPP time (YYMMDDhhmmsstnnp; ...R is relative)")
        ("validity", po::value<std::string>(), "validity_period, an SMPP time (YYMMDDhhmmsstnnp; ...R is relative)")
        ("long-text", po::value<std::string>()->default_value("udh"), "text longer than one SMS: udh (concatenated parts) or payload (message_payload)")
        ("input", po::value<std::string>(), "JSON lines file of messages (- for standard input): from, to, text, optional data_coding, registered_delivery, schedule_delivery_time, validity_period")
        ("report", po::value<std::string>(), "write one JSON line per message with its outcome to this file")
        ("drain-timeout", po::value<double>()->default_value(5), "on stop: seconds to wait for responses in flight before unbinding");
    add_received_flags(t);
    d.add(t);
    d.add(run_flags());
    d.add(smpp::cli::tls_options_for(smpp::role::esme));
    smpp::cli::add_logging_options(d);
    smpp::cli::add_wire_options(d);
    smpp::cli::http::add_options(d);
    return d;
}

// Before connecting anything: a run that would fail its sessions past the ceiling one by one
// is refused in one line.
void check_fd_limit(unsigned sessions) {
    const auto limit = smpp::cli::raise_fd_limit();
    const std::uint64_t need = sessions + smpp::cli::fds_besides_sessions;
    if (limit.soft == 0 || need <= limit.soft) return;
    throw usage_error("--sessions " + std::to_string(sessions) + " needs about " + std::to_string(need) +
                      " file descriptors, but this process may open only " + std::to_string(limit.soft) +
                      " (hard limit " + std::to_string(limit.hard) + "; raise it with ulimit -Hn as root)");
}

unsigned read_threads(const po::variables_map& vm) {
    const auto n = vm["threads"].as<unsigned>();
    if (n > 256) throw usage_error("--threads must be from 0 to 256");
    return n != 0 ? n : std::max(1u, std::thread::hardware_concurrency());
}

// What a run over several threads cannot do yet: each of these would need every thread's view.
void check_threads(const po::variables_map& vm, smpp::esme_options& o) {
    if (std::min(o.threads, o.sessions) < 2) return;
    if (!o.received_path.empty()) throw usage_error("--received works only with --threads 1 for now");
    if (vm.count("progress") && o.progress > std::chrono::milliseconds::zero())
        throw usage_error("--progress works only with --threads 1 for now");
    o.progress = std::chrono::milliseconds::zero();  // the terminal's default line, likewise
}

smpp::esme_options read_options(const po::variables_map& vm) {
    smpp::esme_options o;
    o.host = vm["host"].as<std::string>();
    o.port = vm["port"].as<std::uint16_t>();
    o.sessions = vm["sessions"].as<unsigned>();
    if (o.sessions < 1 || o.sessions > 100000) throw usage_error("--sessions must be from 1 to 100000");
    check_fd_limit(o.sessions);
    o.threads = read_threads(vm);
    o.system_id = vm["system-id"].as<std::string>();
    o.password = smpp::esme::read_password(vm, std::getenv("SMPP_PASSWORD"));
    o.system_type = vm["system-type"].as<std::string>();
    if (o.system_type.size() > 12) throw usage_error("--system-type must be at most 12 characters");
    check_lengths(o);
    o.mode = parse_mode(vm["bind-mode"].as<std::string>());
    if (vm.count("duration")) o.duration = smpp::cli::seconds_flag(vm, "duration");
    o.unbind_timeout = smpp::cli::seconds_flag(vm, "unbind-timeout");
    o.bind_timeout = smpp::cli::seconds_flag(vm, "bind-timeout");
    o.connect_timeout = smpp::cli::seconds_flag(vm, "connect-timeout");
    o.max_connecting = vm["max-connecting"].as<unsigned>();
    o.enquire_link_interval = smpp::cli::seconds_flag(vm, "enquire-link-interval");
    o.response_timeout = smpp::cli::seconds_flag(vm, "response-timeout");
    o.inactivity_timeout = smpp::cli::seconds_flag(vm, "inactivity-timeout");
    o.max_pdu_size = smpp::cli::max_pdu_size_flag(vm);
    o.reconnect = vm["reconnect"].as<bool>();
    o.reconnect_max_delay = smpp::cli::seconds_flag(vm, "reconnect-max-delay");
    o.reconnect_timeout = smpp::cli::seconds_flag(vm, "reconnect-timeout");
    if (o.reconnect_max_delay < std::chrono::milliseconds(100))
        throw usage_error("--reconnect-max-delay must be at least 0.1 seconds");
    read_traffic(vm, o);
    read_run_flags(vm, o);
    read_received(vm, o);
    o.tls = smpp::cli::read_tls_options(vm, smpp::role::esme);
    o.http = smpp::cli::http::read_options(vm, "esme");
    check_threads(vm, o);
    return o;
}

int run(int argc, char** argv) {
    const auto d = flags();
    po::variables_map vm;
    if (smpp::cli::parse(argc, argv, d, vm, "smpp-esme",
                         "Usage: smpp-esme [options]\nBinds N SMPP 3.4 sessions to an MC; on SIGINT, SIGTERM or the end of "
                         "--duration unbinds them all at once.\nA second SIGINT closes every session immediately."))
        return smpp::esme_exit::ok;
    auto o = read_options(vm);
    smpp::cli::init_logging(vm);
    smpp::cli::init_wire(vm);
    smpp::esme_client client(std::move(o));
    return client.run();
}

}  // namespace

int main(int argc, char** argv) {
    return smpp::cli::guarded_main("smpp-esme", smpp::esme_exit::usage, smpp::esme_exit::internal_error,
                                   [&] { return run(argc, argv); });
}

#pragma once
// smpp-mc as a process: the simulator (mc_traffic) on a smpp::net::server, its own io_context
// (one of each per --threads), signals, the drain before the unbind, and the exit code. smpp-mc and the in-process
// integration tests run it. The header is free of Asio so that they compile quickly.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "smpp/cli/http.hpp"
#include "smpp/mc/admission.hpp"
#include "smpp/codec/tlv.hpp"
#include "smpp/mc/mo.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/mc/receipt_router.hpp"
#include "smpp/net/tls_options.hpp"

namespace smpp {

struct mc_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 2775;  // 0: any free port
    std::string system_id = "smpp-mc";
    // system_id -> password. Empty map and allow_any_bind: every bind is accepted.
    std::map<std::string, std::string> credentials;
    bool allow_any_bind = true;
    std::chrono::milliseconds unbind_timeout{5000};
    std::chrono::milliseconds bind_timeout{10000};
    std::chrono::milliseconds enquire_link_interval{30000};
    std::chrono::milliseconds response_timeout{10000};
    std::chrono::milliseconds inactivity_timeout{0};  // bound and nothing from the ESME this long: closed; 0 off
    std::size_t max_pdu_size = 65536;
    bool ignore_unbind = false;  // test knob: let clients' unbind time out
    // At shutdown, before unbinding: wait this long for delayed submit_sm_resps to go out and
    // for the ESMEs to answer the deliver_sm (receipts) in flight.
    std::chrono::milliseconds drain_timeout{5000};

    // Simulator knobs. Every response to submit_sm, data_sm, submit_multi, query_sm, cancel_sm
    // and replace_sm waits response_delay, answered in arrival order.
    std::chrono::milliseconds response_delay{0};
    // A message is delivered (final state, and its receipt when registered_delivery asks) this
    // long after its response; until then it is ENROUTE and can be cancelled or replaced.
    std::chrono::milliseconds receipt_delay{0};
    // Fraction 0..1 of submissions refused with reject_status, spread evenly and
    // deterministically over all sessions: 0.5 refuses the 2nd, 4th, ... the MC receives
    // (submit_multi: counted per destination).
    double reject_ratio = 0;
    std::uint32_t reject_status = 0x08;  // ESME_RSYSERR
    // Per session: submissions beyond this many in one one-second window get ESME_RTHROTTLED.
    // 0: no limit.
    std::uint32_t throttle = 0;
    // Caps on bound sessions and the brake on peers whose binds keep failing.
    mc::admission_limits admission;
    // Fraction 0..1 of deliveries that fail, spread like reject_ratio: the message ends in
    // receipt_fail_state with error receipt_fail_error, and so does its receipt.
    double receipt_fail_ratio = 0;
    message_state receipt_fail_state = message_state::undeliverable;
    std::uint8_t receipt_fail_error = 1;
    // Messages remembered for query_sm/cancel_sm/replace_sm; the oldest final ones go first.
    std::size_t store_size = 100'000;
    // How receipts look: the variants real MCs send (see mc::receipt_format).
    mc::receipt_format receipt_format = mc::receipt_format::standard;

    // MO traffic: deliver_sm that did not start as a submission, to receivers and transceivers.
    // mo_rate MO a second to every system_id with a receiver bound, made from mo_template
    // ("{n}" in its addresses and text counts up from 1); 0: none.
    double mo_rate = 0;
    mc::mo_message mo_template{.from = "447700900001", .to = "12345", .text = "MO message {n}"};
    // --mo-file: played from the start, in order; lines for a system_id without a receiver wait.
    std::vector<mc::mo_message> mo_script;
    traffic::long_mode mo_long = traffic::long_mode::udh;
    // Every accepted submit_sm comes back as an MO from its destination to its source.
    bool echo = false;
    // Per system_id, the MO that wait for a receiver to bind; beyond, the oldest are dropped.
    std::size_t mo_queue = 10'000;
    // deliver_sm (MO and receipts) answered with a temporary error are sent again after this.
    mc::retry_policy deliver_retry;

    // GET /metrics labels sessions with this many system_ids at most; later ones are "other".
    std::size_t metrics_max_system_ids = 100;

    // Sessions spread round-robin over this many threads, each with its own io_context and
    // simulator (message store, receipt routing); signals, the acceptor and HTTP on the first.
    std::size_t threads = 1;

    bool handle_signals = true;  // SIGINT/SIGTERM start the graceful shutdown
    std::function<void(std::uint16_t port)> on_listening;  // called on the server's thread
    tls_options tls;  // the handshake must finish within bind_timeout
    // --http: the HTTP API (status, messages, MO, knobs, sessions) beside the SMPP port.
    std::optional<cli::http::options> http;
    // Messages' events kept for GET /messages/{id} while the HTTP API is on.
    std::size_t history_events = 100'000;
};

// Exit codes of smpp-mc (documented in the README; scripts rely on them).
namespace mc_exit {
constexpr int ok = 0;
constexpr int internal_error = 1;
constexpr int usage = 2;
constexpr int cannot_listen = 3;  // the SMPP port, or the --http one
constexpr int unbind_timeout = 4;
}  // namespace mc_exit

class mc_server {
public:
    explicit mc_server(mc_options options);
    ~mc_server();

    // Serves until stopped; returns an mc_exit code.
    int run();
    // Starts the graceful shutdown, as SIGTERM does. Callable from any thread.
    void stop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace smpp

#pragma once
// The MC: accepts binds, answers every PDU, shuts down by unbinding every session. The header
// is free of Asio so that front ends and tests compile quickly.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

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
    bool ignore_unbind = false;  // test knob: let clients' unbind time out
    // At shutdown, before unbinding: wait this long for delayed submit_sm_resps to go out and
    // for the ESMEs to answer the deliver_sm (receipts) in flight.
    std::chrono::milliseconds drain_timeout{5000};

    // Simulator knobs. Every submit_sm_resp waits response_delay, answered in arrival order.
    std::chrono::milliseconds response_delay{0};
    // A receipt (registered_delivery asks for one) goes out this long after its submit_sm_resp.
    std::chrono::milliseconds receipt_delay{0};
    // Fraction 0..1 of submit_sm refused with reject_status, spread evenly and deterministically
    // over all sessions: 0.5 refuses the 2nd, 4th, ... submit_sm the MC receives.
    double reject_ratio = 0;
    std::uint32_t reject_status = 0x08;  // ESME_RSYSERR
    // Per session: submit_sm beyond this many in one one-second window get ESME_RTHROTTLED.
    // 0: no limit.
    std::uint32_t throttle = 0;
    bool handle_signals = true;  // SIGINT/SIGTERM start the graceful shutdown
    std::function<void(std::uint16_t port)> on_listening;  // called on the server's thread
    tls_options tls;  // the handshake must finish within bind_timeout
};

// Exit codes of smpp-mc (documented in the README; scripts rely on them).
namespace mc_exit {
constexpr int ok = 0;
constexpr int internal_error = 1;
constexpr int usage = 2;
constexpr int cannot_listen = 3;
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

#pragma once
// Who may bind: caps on bound sessions (in total and per system_id) and a brake on peer
// addresses that keep failing to authenticate. Plain bookkeeping with the time passed in, so
// every rule is unit tested without sockets or clocks; the MC asks once per bind and says when
// a session closes.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "smpp/codec/command_status.hpp"

namespace smpp::mc {

struct admission_limits {
    // Sessions bound at once, over all system_ids. Binds are counted, not connections: a bind
    // beyond the cap gets an SMPP answer (ESME_RBINDFAIL) the ESME can report, and connections
    // that never bind are already bounded in time by the bind timeout. 0: no cap.
    std::uint32_t max_sessions = 1000;
    std::uint32_t max_sessions_per_system_id = 0;  // 0: no cap
    // A peer address with this many failed binds within `failed_bind_window` is refused
    // without its password being checked; those refusals count as failures too, so a peer that
    // keeps guessing stays refused until it pauses for a whole window. 0: never refused.
    std::uint32_t max_failed_binds = 10;
    std::chrono::milliseconds failed_bind_window{60'000};
};

struct bind_verdict {
    command_status status = command_status::ok;
    // Why it was refused, a stable word for logs: peer_blocked, credentials, max_sessions,
    // max_sessions_per_system_id. Empty when admitted.
    std::string_view reason;
};

class admission {
public:
    using clock = std::chrono::steady_clock;
    using session_id = std::uint64_t;

    explicit admission(admission_limits limits = {});

    // Decides one bind from `peer_address` (see address_of). `check_credentials` runs only for
    // a peer that is not blocked. An admitted session holds its place until release().
    bind_verdict decide(session_id session, std::string_view system_id, std::string_view peer_address,
                        clock::time_point now, const std::function<command_status()>& check_credentials);
    // The session closed, bound or not. Unknown sessions are ignored.
    void release(session_id session);

    std::size_t bound() const noexcept { return sessions_.size(); }
    std::size_t bound_as(std::string_view system_id) const;
    // Peer addresses with failures still inside the window (after the last sweep).
    std::size_t tracked_peers() const noexcept { return failures_.size(); }

private:
    bool blocked(const std::string& address, clock::time_point now);
    void count_failure(const std::string& address, clock::time_point now);
    void forget_expired(std::deque<clock::time_point>& times, clock::time_point now) const;
    void sweep(clock::time_point now);

    admission_limits limits_;
    std::unordered_map<session_id, std::string> sessions_;  // admitted -> system_id
    std::map<std::string, std::uint32_t, std::less<>> per_system_id_;
    // Recent failure times per address, oldest first, at most max_failed_binds of them.
    std::unordered_map<std::string, std::deque<clock::time_point>> failures_;
    std::size_t sweep_at_ = 1024;  // sweep every address once there are this many
};

// The address part of a peer written "ADDRESS:PORT" ("192.0.2.1:5000" -> "192.0.2.1",
// "::1:5000" -> "::1"): failures count against the address, whatever port the peer uses.
std::string_view address_of(std::string_view peer) noexcept;

}  // namespace smpp::mc

#pragma once
#include <string_view>

#include "smpp/codec/command_id.hpp"

namespace smpp {

enum class role { esme, mc };

// SMPP 3.4 §2.2 session states. "Binding" (bind sent, no answer yet) is OPEN with a bind in
// flight, and "unbinding" is a bound state with an unbind in flight: both are facts of the
// pending-request table, not states of their own.
enum class session_state { open, bound_tx, bound_rx, bound_trx, unbound, closed };

enum class bind_type { transmitter, receiver, transceiver };

constexpr role peer_of(role r) noexcept { return r == role::esme ? role::mc : role::esme; }

constexpr bool is_bound(session_state s) noexcept {
    return s == session_state::bound_tx || s == session_state::bound_rx || s == session_state::bound_trx;
}

// Whether a request with this id may be sent by `sender` while the session is in `state`
// (§2.2 Table 2-1). Responses are not covered: they are valid exactly when they answer a
// request in flight. enquire_link is also allowed in OPEN, as SMPP 5.0 and most peers do.
bool request_allowed(role sender, session_state state, command_id id) noexcept;

command_id bind_command(bind_type t) noexcept;
session_state bound_state(bind_type t) noexcept;
bind_type bind_type_of(command_id bind_or_resp) noexcept;

std::string_view name_of(session_state s) noexcept;
std::string_view name_of(bind_type t) noexcept;
std::string_view name_of(role r) noexcept;

}  // namespace smpp

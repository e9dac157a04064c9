#include "smpp/session/rules.hpp"

namespace smpp {

bool request_allowed(role sender, session_state state, command_id id) noexcept {
    const bool can_transmit = state == session_state::bound_tx || state == session_state::bound_trx;
    const bool can_receive = state == session_state::bound_rx || state == session_state::bound_trx;
    switch (id) {
        case command_id::bind_receiver:
        case command_id::bind_transmitter:
        case command_id::bind_transceiver:
            return sender == role::esme && state == session_state::open;
        case command_id::outbind: return sender == role::mc && state == session_state::open;
        case command_id::enquire_link: return state == session_state::open || is_bound(state);
        case command_id::unbind: return is_bound(state);
        // ESME to MC, over a transmitter or transceiver bind.
        case command_id::submit_sm:
        case command_id::submit_multi:
        case command_id::query_sm:
        case command_id::cancel_sm:
        case command_id::replace_sm: return sender == role::esme && can_transmit;
        // MC to ESME, over a receiver or transceiver bind.
        case command_id::deliver_sm:
        case command_id::alert_notification: return sender == role::mc && can_receive;
        // Either way, over the bind that lets the sender send messages.
        case command_id::data_sm: return sender == role::esme ? can_transmit : can_receive;
        default: return false;
    }
}

command_id bind_command(bind_type t) noexcept {
    switch (t) {
        case bind_type::transmitter: return command_id::bind_transmitter;
        case bind_type::receiver: return command_id::bind_receiver;
        case bind_type::transceiver: break;
    }
    return command_id::bind_transceiver;
}

session_state bound_state(bind_type t) noexcept {
    switch (t) {
        case bind_type::transmitter: return session_state::bound_tx;
        case bind_type::receiver: return session_state::bound_rx;
        case bind_type::transceiver: break;
    }
    return session_state::bound_trx;
}

bind_type bind_type_of(command_id id) noexcept {
    switch (static_cast<command_id>(static_cast<std::uint32_t>(id) & ~response_bit)) {
        case command_id::bind_transmitter: return bind_type::transmitter;
        case command_id::bind_receiver: return bind_type::receiver;
        default: return bind_type::transceiver;
    }
}

std::string_view name_of(session_state s) noexcept {
    switch (s) {
        case session_state::open: return "OPEN";
        case session_state::bound_tx: return "BOUND_TX";
        case session_state::bound_rx: return "BOUND_RX";
        case session_state::bound_trx: return "BOUND_TRX";
        case session_state::unbound: return "UNBOUND";
        case session_state::closed: return "CLOSED";
    }
    return "?";
}

std::string_view name_of(bind_type t) noexcept {
    switch (t) {
        case bind_type::transmitter: return "transmitter";
        case bind_type::receiver: return "receiver";
        case bind_type::transceiver: return "transceiver";
    }
    return "?";
}

std::string_view name_of(role r) noexcept { return r == role::esme ? "esme" : "mc"; }

}  // namespace smpp

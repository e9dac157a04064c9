#include "smpp/session/events.hpp"

namespace smpp {

std::string_view name_of(close_reason r) noexcept {
    switch (r) {
        case close_reason::unbound: return "unbound";
        case close_reason::unbind_timeout: return "unbind_timeout";
        case close_reason::peer_closed: return "peer_closed";
        case close_reason::io_error: return "io_error";
        case close_reason::connect_failed: return "connect_failed";
        case close_reason::bind_failed: return "bind_failed";
        case close_reason::bind_timeout: return "bind_timeout";
        case close_reason::enquire_link_timeout: return "enquire_link_timeout";
        case close_reason::protocol_error: return "protocol_error";
        case close_reason::shutdown: return "shutdown";
        case close_reason::forced: return "forced";
        case close_reason::peer_not_reading: return "peer_not_reading";
        case close_reason::inactivity_timeout: return "inactivity_timeout";
    }
    return "?";
}

std::string_view name_of(event_kind k) noexcept {
    switch (k) {
        case event_kind::bind_requested: return "bind_requested";
        case event_kind::bound: return "bound";
        case event_kind::bind_rejected: return "bind_rejected";
        case event_kind::outbind_received: return "outbind_received";
        case event_kind::request_received: return "request_received";
        case event_kind::response_received: return "response_received";
        case event_kind::response_timeout: return "response_timeout";
        case event_kind::unbind_sent: return "unbind_sent";
        case event_kind::unbind_resp_received: return "unbind_resp_received";
        case event_kind::unbind_received: return "unbind_received";
        case event_kind::unbind_resp_sent: return "unbind_resp_sent";
        case event_kind::rejected_input: return "rejected_input";
        case event_kind::unexpected_response: return "unexpected_response";
        case event_kind::request_not_sent: return "request_not_sent";
        case event_kind::closing: return "closing";
    }
    return "?";
}

}  // namespace smpp

#pragma once
#include <cstdint>
#include <string_view>

#include "smpp/codec/pdu.hpp"

namespace smpp {

// Why a session ended. The net layer adds the transport-level ones.
enum class close_reason {
    unbound,               // unbind/unbind_resp exchanged: the clean path
    unbind_timeout,        // our unbind got no unbind_resp in time
    peer_closed,           // the socket closed without an unbind exchange
    io_error,
    connect_failed,
    bind_failed,           // bind_resp with an error status
    bind_timeout,          // no bind_resp (ESME) or no bind (MC) in time
    enquire_link_timeout,  // the peer stopped answering keepalives
    protocol_error,        // the peer sent something we cannot frame
    shutdown,              // shutdown began before the session was bound
    forced,                // a hard stop (second signal) while bound
    peer_not_reading,      // output piled up past the limit: the peer stopped reading
    inactivity_timeout,    // bound, and nothing at all came from the peer for too long
};

std::string_view name_of(close_reason r) noexcept;

enum class event_kind {
    bind_requested,         // MC: call accept_bind or reject_bind
    bound,
    bind_rejected,          // ESME: bind_resp carried an error status (status)
    outbind_received,       // ESME: the MC asks us to bind
    request_received,       // submit_sm at the MC, deliver_sm at the ESME: call respond
    response_received,      // answer to a request of ours (message, request_id)
    response_timeout,       // request_id/sequence got no answer in time
    unbind_sent,
    unbind_resp_received,
    unbind_received,
    unbind_resp_sent,
    rejected_input,         // we answered a bad or out-of-state PDU with an error (status)
    unexpected_response,    // a response that answers nothing in flight; dropped
    closing,                // the session wants the transport closed once its output is flushed
    // A request of ours that never left: queued, then the connection ended before a byte of it
    // was written (request_id/sequence). Reported by the connection, not the session.
    request_not_sent,
};

std::string_view name_of(event_kind k) noexcept;

struct event {
    event_kind kind;
    std::uint32_t sequence = 0;
    command_status status = command_status::ok;
    command_id request_id = command_id::generic_nack;  // for responses and timeouts
    // For closing; protocol_error on a rejected_input means the input could not be framed (not
    // SMPP at all), and its sequence is whatever stood where a header would have it.
    close_reason reason = close_reason::unbound;
    pdu message;                                        // for requests and responses
};

}  // namespace smpp

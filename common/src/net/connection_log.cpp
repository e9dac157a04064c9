// How a connection reports its session's events: the stable event names are a public
// contract (scripts and monitoring match on them), the messages are for people.
#include <algorithm>
#include <iterator>

#include <fmt/format.h>

#include "connection.hpp"

namespace smpp::net {
namespace {

// An id we do not know is what a reader of the log most needs to see in full.
std::string pdu_name(command_id id) {
    const auto raw = static_cast<std::uint32_t>(id);
    return is_known(raw) ? std::string(name_of(id)) : fmt::format("unknown command_id 0x{:08x}", raw);
}

std::string_view bound_as(session_state s) {
    switch (s) {
        case session_state::bound_tx: return "transmitter";
        case session_state::bound_rx: return "receiver";
        default: return "transceiver";
    }
}

log::level closed_level(close_reason r, role self) {
    switch (r) {
        case close_reason::unbound:
        case close_reason::shutdown: return log::level::info;
        case close_reason::connect_failed:
        case close_reason::bind_failed:
        case close_reason::bind_timeout:
            // The ESME cannot go on; the MC just loses one client, whose fault it was.
            return self == role::esme ? log::level::error : log::level::warn;
        case close_reason::unbind_timeout: return log::level::error;
        default: return log::level::warn;
    }
}

std::string_view closed_message(close_reason r) {
    switch (r) {
        case close_reason::unbound: return "Closed after unbind";
        case close_reason::unbind_timeout: return "No unbind_resp in time; closed";
        case close_reason::peer_closed: return "Peer closed the connection without unbind";
        case close_reason::io_error: return "Connection failed";
        case close_reason::connect_failed: return "Connect failed";
        case close_reason::bind_failed: return "Bind refused; closed";
        case close_reason::bind_timeout: return "No bind in time; closed";
        case close_reason::enquire_link_timeout: return "Peer stopped answering enquire_link; closed";
        case close_reason::protocol_error: return "Unframeable input from peer; closed";
        case close_reason::shutdown: return "Closed before bind completed (shutdown)";
        case close_reason::forced: return "Closed at once (forced)";
        case close_reason::peer_not_reading: return "Peer stopped reading; closed";
        case close_reason::inactivity_timeout: return "Nothing from the peer within --inactivity-timeout; closed";
    }
    return "Closed";
}

}  // namespace

void connection::log_event(const event& e) {
    const auto who = this->who();
    const auto status = name_of(e.status);
    switch (e.kind) {
        case event_kind::bound:
            logger_.event(log::level::info, who, "bound", fmt::format("Bound as {}", bound_as(session_.state())),
                       {.seq = e.sequence, .peer = peer_});
            return;
        case event_kind::bind_rejected:
            logger_.event(log::level::error, who, "bind_failed", fmt::format("Bind refused: {}", status),
                       {.seq = e.sequence, .status = status});
            return;
        case event_kind::unbind_sent:
            logger_.event(log::level::info, who, "unbind_sent", "Unbinding", {.seq = e.sequence});
            return;
        case event_kind::unbind_resp_received:
            logger_.event(log::level::info, who, "unbind_resp_received", "Unbind acknowledged", {.seq = e.sequence});
            return;
        case event_kind::unbind_received:
            logger_.event(log::level::info, who, "unbind_received", "Peer is unbinding", {.seq = e.sequence});
            return;
        case event_kind::unbind_resp_sent:
            logger_.event(log::level::info, who, "unbind_resp_sent", "Answered unbind", {.seq = e.sequence});
            return;
        case event_kind::rejected_input:
            if (e.reason == close_reason::protocol_error) {
                // Not a PDU: no command to name, and the "sequence" is noise. The close says more.
                close_detail_ = not_smpp_detail();
                logger_.event(log::level::warn, who, "pdu_rejected", "Input from peer is not SMPP; closing",
                              {.status = status});
                return;
            }
            if (!warning_allowed()) return;
            logger_.event(log::level::warn, who, "pdu_rejected",
                       fmt::format("Rejected {} from peer: {}", pdu_name(e.request_id), status),
                       {.seq = e.sequence, .status = status});
            return;
        case event_kind::unexpected_response:
            if (!warning_allowed()) return;
            logger_.event(log::level::warn, who, "unexpected_response",
                       fmt::format("Dropped {} that answers no request", pdu_name(e.message.id)), {.seq = e.sequence});
            return;
        case event_kind::response_timeout:
            if (!warning_allowed()) return;
            logger_.event(log::level::warn, who, "response_timeout",
                       fmt::format("No response to {} in time", pdu_name(e.request_id)), {.seq = e.sequence});
            return;
        default:
            if (logger_.enabled(log::level::trace))
                logger_.event(log::level::trace, who, name_of(e.kind), "Session event", {.seq = e.sequence});
            return;
    }
}

std::string connection::not_smpp_detail() const {
    // The frame the session gave up on: where fed_ stops parsing as PDUs.
    auto rest = fed_;
    for (auto frame = peek_frame(rest, max_pdu_size_); frame.status == frame_status::complete;
         frame = peek_frame(rest, max_pdu_size_))
        rest = rest.subspan(frame.length);
    std::string hex;
    for (const auto octet : rest.first(std::min<std::size_t>(rest.size(), 16)))
        fmt::format_to(std::back_inserter(hex), "{}{:02x}", hex.empty() ? "" : " ", octet);
    if (rest.size() > 16) hex += " ...";
    // A TLS peer's first record (an alert, a ClientHello) is exactly what a plain side reads here.
    const bool may_want_tls = !transport_.secure() && !session_.was_bound();
    return fmt::format("Peer sent bytes that are not SMPP: {}{}", hex, may_want_tls ? "; it may want TLS" : "");
}

void connection::explain_early_close(bool peer_closed) {
    // A TLS MC drops a plain client whose bind is no ClientHello, often without a word.
    if (peer_closed && close_detail_.empty() && !session_.closing() && role_ == role::esme && !transport_.secure() &&
        !session_.was_bound())
        close_detail_ = "Peer closed the connection before answering the bind; it may want TLS";
}

bool connection::warning_allowed() {
    if (!logger_.enabled(log::level::warn)) return false;
    const auto v = peer_warnings_.on_warning(clock::now());
    if (v.suppressed != 0) log_suppressed(v.suppressed);
    return v.log;
}

void connection::log_suppressed(std::uint64_t count) {
    logger_.event(log::level::warn, who(), "warnings_suppressed",
                  fmt::format("{} more warnings about this session not logged", count), {.peer = peer_});
}

void connection::log_closed() {
    if (const auto left_out = peer_warnings_.take_suppressed()) log_suppressed(left_out);
    const auto reason = session_.reason().value_or(close_reason::peer_closed);
    const std::string message =
        close_detail_.empty() ? std::string(closed_message(reason)) : close_detail_;
    logger_.event(closed_level(reason, role_), who(), "closed", message, {.reason = name_of(reason), .peer = peer_});
}

}  // namespace smpp::net

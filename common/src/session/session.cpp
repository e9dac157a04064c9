#include "smpp/session/session.hpp"

#include <algorithm>
#include <utility>

namespace smpp {
namespace {

// What a successful response says when the application adds nothing: an empty body of the
// response's type, and for query_sm the honest "state unknown" about the message it named.
pdu_body default_response_body(const pdu& request) {
    switch (request.id) {
        case command_id::submit_sm:
        case command_id::deliver_sm: return sm_resp_body{};
        case command_id::submit_multi: return submit_multi_resp_body{};
        case command_id::data_sm: return data_sm_resp_body{};
        case command_id::query_sm: {
            const auto* q = std::get_if<query_sm_body>(&request.body);
            return query_sm_resp_body{.message_id = q ? q->message_id : std::string{},
                                      .message_state = static_cast<std::uint8_t>(message_state::unknown)};
        }
        default: return std::monostate{};
    }
}

}  // namespace

session::session(session_config cfg, clock::time_point now)
    : cfg_(cfg), bind_deadline_(now + cfg.bind_timeout), last_received_(now) {}

std::size_t session::feed(std::span<const std::uint8_t> bytes, clock::time_point now) {
    std::size_t used = 0;
    pdu p;
    while (!closing()) {
        const auto rest = bytes.subspan(used);
        // What follows a bind waits for its verdict: answered now, it would overtake it.
        if (awaiting_verdict()) return used;
        const auto frame = peek_frame(rest, frame_limit());
        if (frame.status == frame_status::need_more) return used;
        if (frame.status == frame_status::bad_length) {
            reject_frame(rest);
            break;
        }
        used += frame.length;
        last_received_ = now;
        if (auto result = decode(rest.first(frame.length), p); !result.ok())
            answer_error(p, result.status);
        else
            handle(p);
        count_unbound_pdu(p);
    }
    // A closing session reads no further: what is left can never be answered.
    return bytes.size();
}

std::size_t session::frame_limit() const noexcept {
    if (cfg_.self != role::mc || state_ != session_state::open) return cfg_.max_pdu_size;
    return std::min(cfg_.max_pdu_size, max_bind_size);
}

// A peer that has not bound and sends anything but binds is not an ESME about to bind: a
// handful is answered (an enquire_link before the bind is common), then it is closed.
void session::count_unbound_pdu(const pdu& p) {
    if (cfg_.self != role::mc || state_ != session_state::open || is_bind(p.id)) return;
    if (++unbound_pdus_ > max_unbound_pdus) close(close_reason::protocol_error);
}

void session::handle(pdu& p) {
    if (is_response(p.id))
        handle_response(p);
    else
        handle_request(p);
}

void session::handle_request(pdu& p) {
    if (!request_allowed(peer_of(cfg_.self), state_, p.id) || (is_bind(p.id) && bind_in_progress_)) {
        const bool second_bind = is_bind(p.id) && (is_bound(state_) || bind_in_progress_);
        answer_error(p, second_bind ? command_status::already_bound : command_status::invalid_bind_status);
        return;
    }
    switch (p.id) {
        case command_id::bind_receiver:
        case command_id::bind_transmitter:
        case command_id::bind_transceiver: return handle_bind(p);
        case command_id::unbind: return handle_unbind(p);
        case command_id::enquire_link:
            send_response(make_header_only(command_id::enquire_link_resp, p.sequence));
            return;
        case command_id::outbind:
            emit_request(event_kind::outbind_received, std::move(p));
            return;
        default:
            emit_request(event_kind::request_received, std::move(p));
            return;
    }
}

void session::handle_bind(pdu& p) {
    system_id_ = std::get<bind_body>(p.body).system_id;
    bind_in_progress_ = std::make_unique<pdu>(p);
    emit_request(event_kind::bind_requested, std::move(p));
}

void session::handle_unbind(const pdu& p) {
    emit({.kind = event_kind::unbind_received, .sequence = p.sequence});
    if (cfg_.ignore_unbind) return;
    send_response(make_header_only(command_id::unbind_resp, p.sequence));
    emit({.kind = event_kind::unbind_resp_sent, .sequence = p.sequence});
    state_ = session_state::unbound;
    // Both sides unbinding at once: our own unbind still awaits its answer.
    if (!unbinding()) close_when_answered();
}

void session::close_when_answered() {
    // The peer answers what we sent before its unbind reached us ahead of our unbind_resp, then
    // closes: reading on until then turns those requests into answers instead of timeouts.
    // Their own response deadlines bound the wait.
    if (state_ == session_state::unbound && !unbinding() && pending_.traffic_in_flight() == 0)
        close(close_reason::unbound);
}

void session::handle_response(pdu& p) {
    auto request = pending_.take(p.sequence);
    if (!request || (p.id != response_of(request->id) && p.id != command_id::generic_nack)) {
        if (request) pending_.add(*request);
        if (p.id == command_id::unbind_resp && unbinding()) stray_unbind_resp_ = true;
        emit({.kind = event_kind::unexpected_response, .sequence = p.sequence, .status = p.status,
              .message = std::move(p)});
        return;
    }
    switch (request->id) {
        case command_id::bind_receiver:
        case command_id::bind_transmitter:
        case command_id::bind_transceiver: return handle_bind_resp(p, *request);
        case command_id::unbind:
            if (p.id != command_id::unbind_resp) return close(close_reason::protocol_error);
            emit({.kind = event_kind::unbind_resp_received, .sequence = p.sequence, .status = p.status});
            state_ = session_state::unbound;
            return close(close_reason::unbound);
        // enquire_link_resp too: an application that sent its own enquire_link awaits it.
        default:
            emit({.kind = event_kind::response_received, .sequence = p.sequence, .status = p.status,
                  .request_id = request->id, .message = std::move(p)});
            return close_when_answered();
    }
}

void session::handle_bind_resp(const pdu& p, const pending_request& request) {
    if (p.id == command_id::generic_nack || p.status != command_status::ok) {
        emit({.kind = event_kind::bind_rejected, .sequence = p.sequence,
              .status = p.status == command_status::ok ? command_status::bind_failed : p.status});
        return close(close_reason::bind_failed);
    }
    state_ = bound_state(bind_type_of(request.id));
    was_bound_ = true;
    emit({.kind = event_kind::bound, .sequence = p.sequence, .message = p});
}

void session::answer_error(const pdu& request, command_status status) {
    emit({.kind = event_kind::rejected_input, .sequence = request.sequence, .status = status,
          .request_id = request.id});
    const bool known = is_known(static_cast<std::uint32_t>(request.id));
    // A broken response is dropped (its request times out); an unknown id is nacked (§4.3)
    // even with the response bit set.
    if (known && is_response(request.id)) return;
    const bool has_response = known && expects_response(request.id);
    send_response(make_header_only(has_response ? response_of(request.id) : command_id::generic_nack,
                                   request.sequence, status));
}

void session::reject_frame(std::span<const std::uint8_t> bytes) {
    // §4.3: answer with the sequence number when the header is there to read it, 0 otherwise.
    std::uint32_t sequence = 0;
    if (bytes.size() >= header_size)
        sequence = std::uint32_t{bytes[12]} << 24 | std::uint32_t{bytes[13]} << 16 |
                   std::uint32_t{bytes[14]} << 8 | std::uint32_t{bytes[15]};
    emit({.kind = event_kind::rejected_input, .sequence = sequence,
          .status = command_status::invalid_cmd_length, .reason = close_reason::protocol_error});
    send_response(make_header_only(command_id::generic_nack, sequence, command_status::invalid_cmd_length));
    close(close_reason::protocol_error);
}

send_outcome session::bind(bind_type type, bind_body body, clock::time_point now) {
    if (cfg_.self != role::esme || state_ != session_state::open || pending_.size() != 0 || closing())
        return {.status = command_status::invalid_bind_status};
    system_id_ = body.system_id;
    return send(pdu{bind_command(type), command_status::ok, 0, std::move(body)}, now + cfg_.bind_timeout);
}

bool session::accept_bind(std::string mc_system_id, clock::time_point now) {
    if (!bind_in_progress_ || closing()) return false;
    const pdu request = *std::exchange(bind_in_progress_, nullptr);
    bind_resp_body body{std::move(mc_system_id), {tlv{tag::sc_interface_version, std::string(1, '\x34')}}};
    if (send_response(pdu{response_of(request.id), command_status::ok, request.sequence, std::move(body)}) !=
        command_status::ok) {
        // Our own system_id cannot go on the wire: the ESME still gets an answer.
        send_response(make_header_only(response_of(request.id), request.sequence, command_status::system_error));
        return false;
    }
    state_ = bound_state(bind_type_of(request.id));
    was_bound_ = true;
    last_received_ = now;
    emit({.kind = event_kind::bound, .sequence = request.sequence});
    return true;
}

bool session::reject_bind(command_status status, std::string mc_system_id) {
    if (!bind_in_progress_ || closing()) return false;
    const pdu request = *std::exchange(bind_in_progress_, nullptr);
    pdu refusal{response_of(request.id), status, request.sequence, bind_resp_body{std::move(mc_system_id), {}}};
    // An MC system_id that cannot go on the wire: the refusal still goes out, header-only.
    if (send_response(refusal) != command_status::ok)
        send_response(make_header_only(response_of(request.id), request.sequence, status));
    return true;
}

send_outcome session::send_request(command_id id, pdu_body body, clock::time_point now) {
    if (!request_allowed(cfg_.self, state_, id) || unbinding() || closing() || is_bind(id) ||
        id == command_id::unbind)
        return {.status = command_status::invalid_bind_status};
    if (!window_open()) return {.status = command_status::message_queue_full};
    return send(pdu{id, command_status::ok, 0, std::move(body)}, now + cfg_.response_timeout);
}

command_status session::respond(const pdu& request, command_status status, pdu_body body) {
    // A request that came in before the close is still answered while the transport is open: an
    // unbind_resp read in the same chunk as some submits closes the session before the
    // application answers them, and the connection flushes before it closes the socket.
    if (state_ == session_state::closed) return command_status::invalid_bind_status;
    if (status != command_status::ok) body = std::monostate{};
    else if (std::holds_alternative<std::monostate>(body)) body = default_response_body(request);
    return send_response(pdu{response_of(request.id), status, request.sequence, std::move(body)});
}

void session::unbind(clock::time_point now) {
    if (closing()) return;
    if (is_bound(state_)) {
        if (unbinding()) return;
        const auto sent = send(make_header_only(command_id::unbind, 0), now + cfg_.unbind_timeout);
        emit({.kind = event_kind::unbind_sent, .sequence = sent.sequence});
    } else if (state_ != session_state::unbound) {
        close(close_reason::shutdown);
    } else if (!unbinding()) {
        close(close_reason::unbound);  // stopped while reading the last answers after the peer's unbind
    }
}

void session::close(close_reason reason) {
    if (close_reason_) return;
    close_reason_ = reason;
    bind_in_progress_.reset();
    emit({.kind = event_kind::closing, .reason = reason});
}

void session::on_transport_closed(close_reason reason) {
    // After the unbind exchange, the peer closing is the expected end. A peer that answered our
    // unbind with an unbind_resp that answers nothing and hung up never answered it: that is
    // an unbind without its unbind_resp, not a lost connection. (One that just hangs up while
    // we unbind is still peer_closed.)
    if (state_ == session_state::unbound) reason = close_reason::unbound;
    else if (unbinding() && stray_unbind_resp_) reason = close_reason::unbind_timeout;
    close(reason);
    state_ = session_state::closed;
    pending_.take_all();
}

void session::on_timer(clock::time_point now) {
    if (closing()) return;
    if (cfg_.self == role::mc && state_ == session_state::open && now >= bind_deadline_)
        return close(close_reason::bind_timeout);
    if (const auto limit = inactivity_limit(); limit && now >= *limit) return close(close_reason::inactivity_timeout);
    for (const auto& r : pending_.expire(now)) on_expired(r);
    close_when_answered();
    start_keepalive_if_due(now);
}

void session::on_expired(const pending_request& r) {
    if (is_bind(r.id)) return close(close_reason::bind_timeout);
    if (r.id == command_id::unbind) return close(close_reason::unbind_timeout);
    if (r.id == command_id::enquire_link) return close(close_reason::enquire_link_timeout);
    emit({.kind = event_kind::response_timeout, .sequence = r.sequence, .request_id = r.id});
}

void session::start_keepalive_if_due(clock::time_point now) {
    if (closing() || cfg_.enquire_link_interval == clock::duration::zero() || !is_bound(state_) ||
        unbinding() || pending_.contains(command_id::enquire_link))
        return;
    if (now >= last_received_ + cfg_.enquire_link_interval)
        send(make_header_only(command_id::enquire_link, 0), now + cfg_.response_timeout);
}

std::optional<clock::time_point> session::next_deadline() const noexcept {
    if (closing()) return std::nullopt;
    std::optional<clock::time_point> next = pending_.earliest_deadline();
    auto consider = [&next](clock::time_point t) {
        if (!next || t < *next) next = t;
    };
    if (cfg_.self == role::mc && state_ == session_state::open) consider(bind_deadline_);
    if (const auto limit = inactivity_limit()) consider(*limit);
    if (cfg_.enquire_link_interval != clock::duration::zero() && is_bound(state_) && !unbinding() &&
        !pending_.contains(command_id::enquire_link))
        consider(last_received_ + cfg_.enquire_link_interval);
    return next;
}

std::optional<clock::time_point> session::inactivity_limit() const noexcept {
    if (cfg_.inactivity_timeout == clock::duration::zero() || !is_bound(state_)) return std::nullopt;
    return last_received_ + cfg_.inactivity_timeout;
}

send_outcome session::send(pdu&& p, clock::time_point deadline) {
    p.sequence = sequence_.next();
    if (auto status = encode(p, outbox_); status != command_status::ok) return {.status = status};
    if (expects_response(p.id)) pending_.add({p.sequence, p.id, deadline});  // outbind, alert_notification: none
    return {.sequence = p.sequence};
}

command_status session::send_response(const pdu& p) { return encode(p, outbox_); }

}  // namespace smpp

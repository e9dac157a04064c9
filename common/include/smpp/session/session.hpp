#pragma once
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "smpp/session/events.hpp"
#include "smpp/session/pending.hpp"
#include "smpp/session/rules.hpp"
#include "smpp/session/sequence.hpp"

namespace smpp {

using namespace std::chrono_literals;

// The longest bind SMPP 3.4 allows (§4.1.1): the header, system_id 16, password 9, system_type
// 13, interface_version, addr_ton, addr_npi and address_range 41, NULs counted. Before a peer
// has bound, the MC takes no longer frame: a stranger cannot make it buffer more.
constexpr std::size_t max_bind_size = header_size + 16 + 9 + 13 + 3 + 41;
// PDUs other than a bind that the MC answers from a peer that has not bound before it closes.
constexpr std::size_t max_unbound_pdus = 8;

struct session_config {
    role self = role::esme;
    std::size_t max_pdu_size = default_max_pdu_size;
    clock::duration bind_timeout = 10s;           // ESME: wait for bind_resp; MC: wait for a bind
    clock::duration response_timeout = 10s;       // any other request
    clock::duration unbind_timeout = 5s;
    clock::duration enquire_link_interval = 30s;  // idle time before a keepalive; zero disables
    // Bound, and not one PDU from the peer for this long: it is gone. Zero disables; the
    // keepalive alone declares a silent peer dead after interval + response_timeout.
    clock::duration inactivity_timeout = clock::duration::zero();
    std::size_t window = 10;                      // traffic requests in flight at once
    bool ignore_unbind = false;                   // test knob: never answer a peer's unbind
    std::size_t max_unsent_bytes = 4 * 1024 * 1024;  // output the peer has not read yet
};

// What a send command did: the sequence number it used, or why it sent nothing.
struct send_outcome {
    std::uint32_t sequence = 0;
    command_status status = command_status::ok;
    bool ok() const noexcept { return status == command_status::ok; }
};

// The SMPP session as a plain state machine: bytes and time in; events, bytes to send and the
// next deadline out. It performs no I/O, so every path is testable by scripting bytes and
// clocks. All output PDUs are appended to one buffer, which the transport writes in one go.
class session {
public:
    session(session_config cfg, clock::time_point now);

    // Input. feed() consumes whole frames from the front of `bytes` and returns how many bytes
    // it used; the caller keeps the rest and offers it again with more data. MC: it stops after
    // a bind, so that what follows is read once the application has answered it (the answers
    // then leave in the order the requests came).
    std::size_t feed(std::span<const std::uint8_t> bytes, clock::time_point now);
    void on_timer(clock::time_point now);
    // The transport is gone; `reason` applies unless the session already chose one.
    void on_transport_closed(close_reason reason);

    // Commands. A refused command sends nothing and says why: invalid_bind_status when the
    // state does not allow it, message_queue_full when the window is full, or the field error.
    send_outcome bind(bind_type type, bind_body body, clock::time_point now);
    bool accept_bind(std::string mc_system_id, clock::time_point now);
    // The refusal carries `mc_system_id`: the spec allows no body, but Kannel and libsmpp34 expect one.
    bool reject_bind(command_status status, std::string mc_system_id);
    send_outcome send_request(command_id id, pdu_body body, clock::time_point now);
    // Answers a request the application was handed in a request_received event, also once the
    // session is closing, until the transport is gone. An error status goes out header-only, as
    // the spec asks.
    command_status respond(const pdu& request, command_status status, pdu_body body = {});
    // Polite close: unbind when bound, otherwise close at once (reason shutdown).
    void unbind(clock::time_point now);
    void close(close_reason reason);

    // Output.
    byte_buffer& outbox() noexcept { return outbox_; }
    std::vector<event>& events() noexcept { return events_; }
    std::optional<clock::time_point> next_deadline() const noexcept;

    session_state state() const noexcept { return state_; }
    bool unbinding() const noexcept { return pending_.contains(command_id::unbind); }
    bool was_bound() const noexcept { return was_bound_; }
    bool closing() const noexcept { return close_reason_.has_value(); }
    std::optional<close_reason> reason() const noexcept { return close_reason_; }
    const std::string& system_id() const noexcept { return system_id_; }
    // The now of the feed() that read the latest PDU: an event's arrival time without a clock
    // read per PDU.
    clock::time_point last_received() const noexcept { return last_received_; }
    // MC: a bind was handed to the application and is not answered yet; feed() takes nothing more.
    bool awaiting_verdict() const noexcept { return bind_in_progress_ != nullptr; }
    bool window_open() const noexcept { return pending_.traffic_in_flight() < cfg_.window; }
    std::size_t in_flight() const noexcept { return pending_.size(); }
    std::size_t traffic_in_flight() const noexcept { return pending_.traffic_in_flight(); }
    // The test knob, changed at run time (smpp-mc's PATCH /knobs): applies to the next unbind.
    void set_ignore_unbind(bool ignore) noexcept { cfg_.ignore_unbind = ignore; }

private:
    void handle(pdu& p);
    void handle_request(pdu& p);
    void handle_response(pdu& p);
    void handle_bind(pdu& p);
    void handle_unbind(const pdu& p);
    void close_when_answered();
    void handle_bind_resp(const pdu& p, const pending_request& req);
    void answer_error(const pdu& request, command_status status);
    void reject_frame(std::span<const std::uint8_t> bytes);
    send_outcome send(pdu&& p, clock::time_point deadline);
    command_status send_response(const pdu& p);
    void on_expired(const pending_request& r);
    void start_keepalive_if_due(clock::time_point now);
    std::optional<clock::time_point> inactivity_limit() const noexcept;
    std::size_t frame_limit() const noexcept;
    void count_unbound_pdu(const pdu& p);
    void emit(event e) { events_.push_back(std::move(e)); }
    // A request read off the wire is moved once, straight into its event: an sm_body is a
    // dozen strings, and a second move per PDU showed up in the MC's profile.
    void emit_request(event_kind kind, pdu&& p) {
        auto& e = events_.emplace_back(event{.kind = kind, .sequence = p.sequence});
        e.message = std::move(p);
    }

    session_config cfg_;
    session_state state_ = session_state::open;
    bool was_bound_ = false;
    std::string system_id_;
    // MC: a bind awaiting the application's verdict. Held apart: a pdu is 272 bytes, and every
    // session would carry them for the moment of its bind.
    std::unique_ptr<pdu> bind_in_progress_;
    std::optional<close_reason> close_reason_;
    clock::time_point bind_deadline_;
    clock::time_point last_received_;
    std::size_t unbound_pdus_ = 0;
    bool stray_unbind_resp_ = false;  // an unbind_resp came while ours was pending, answering nothing  // MC: PDUs other than binds from a peer not bound yet
    sequence_counter sequence_;
    pending_table pending_;
    byte_buffer outbox_;
    std::vector<event> events_;
};

}  // namespace smpp

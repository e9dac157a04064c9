#pragma once
// The session state machine driven as the transport would drive it: bytes in through feed(),
// time in through on_timer() with a hand-advanced clock, commands from the application. What it
// sent is decoded back from outbox() and what it reported is read from events(); both are
// rendered as short lines ("submit_sm_resp #5 ESME_RINVBNDSTS", "closing unbound") so each
// test reads as a script of the exchange.

#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "smpp/session/session.hpp"

namespace smpp::session_test {

using namespace smpp;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

using lines = std::vector<std::string>;

inline const clock::time_point t0{};

// ---- rendering ------------------------------------------------------------------------------

inline std::string describe(const pdu& p) {
    std::string s = std::string(name_of(p.id)) + " #" + std::to_string(p.sequence);
    if (p.status != command_status::ok) s += " " + std::string(name_of(p.status));
    return s;
}

inline std::string describe(const event& e) {
    std::string s(name_of(e.kind));
    if (e.kind == event_kind::closing) return s + " " + std::string(name_of(e.reason));
    s += " #" + std::to_string(e.sequence);
    if (e.status != command_status::ok) s += " " + std::string(name_of(e.status));
    if (e.request_id != command_id::generic_nack) s += " " + std::string(name_of(e.request_id));
    return s;
}

template <typename T>
inline lines describe(const std::vector<T>& items) {
    lines out;
    for (const auto& item : items) out.push_back(describe(item));
    return out;
}

// ---- input builders -------------------------------------------------------------------------

inline byte_buffer wire(const pdu& p) {
    byte_buffer out;
    EXPECT_EQ(encode(p, out), command_status::ok) << "test input does not encode: " << describe(p);
    return out;
}

// Frames the encoder refuses to build (unknown ids, bad lengths, over-long fields).
inline byte_buffer raw_frame(std::uint32_t id, std::uint32_t sequence, std::string_view body = {},
                      std::optional<std::uint32_t> command_length = std::nullopt) {
    byte_buffer out;
    auto put = [&out](std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
    };
    put(command_length.value_or(static_cast<std::uint32_t>(header_size + body.size())));
    put(id);
    put(0);
    put(sequence);
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

inline byte_buffer concat(byte_buffer a, const byte_buffer& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

inline pdu header(command_id id, std::uint32_t sequence, command_status status = command_status::ok) {
    return make_header_only(id, sequence, status);
}

inline sm_body text_message() {
    sm_body b;
    b.source_addr = "1000";
    b.destination_addr = "2000";
    b.short_message = "hello";
    return b;
}

inline pdu submit(std::uint32_t sequence) {
    return {command_id::submit_sm, command_status::ok, sequence, text_message()};
}

inline pdu deliver(std::uint32_t sequence) {
    return {command_id::deliver_sm, command_status::ok, sequence, text_message()};
}

// submit_sm_resp or deliver_sm_resp; header-only when the status is an error, as the spec asks.
inline pdu sm_resp(command_id request, std::uint32_t sequence, command_status status = command_status::ok) {
    if (status != command_status::ok) return header(response_of(request), sequence, status);
    return {response_of(request), status, sequence, sm_resp_body{"msg-" + std::to_string(sequence)}};
}

inline pdu bind_request(bind_type type, std::uint32_t sequence, std::string system_id = "esme1") {
    return {bind_command(type), command_status::ok, sequence,
            bind_body{.system_id = std::move(system_id), .password = "secret"}};
}

inline pdu bind_resp(bind_type type, std::uint32_t sequence, command_status status = command_status::ok) {
    if (status != command_status::ok) return header(response_of(bind_command(type)), sequence, status);
    return {response_of(bind_command(type)), status, sequence, bind_resp_body{"SMSC"}};
}

// ---- harness --------------------------------------------------------------------------------

// One session plus the fake clock that drives it. Nothing here sleeps: time moves only when a
// test says so.
struct harness {
    explicit harness(session_config cfg) : s(cfg, t0) {}

    session s;
    clock::time_point now = t0;

    // Moves the clock to t0 + `elapsed` and fires the timer, as the transport would.
    void at(clock::duration elapsed) {
        now = t0 + elapsed;
        s.on_timer(now);
    }

    std::size_t feed(std::span<const std::uint8_t> bytes) { return s.feed(bytes, now); }

    // Delivers one well-formed PDU; the session must take all of it.
    void receive(const pdu& p) {
        const auto bytes = wire(p);
        EXPECT_EQ(feed(bytes), bytes.size()) << describe(p);
    }

    send_outcome send_submit() { return s.send_request(command_id::submit_sm, text_message(), now); }

    // Decodes and drains everything the session queued for the peer.
    std::vector<pdu> sent_pdus() {
        std::vector<pdu> out;
        std::span<const std::uint8_t> rest(s.outbox());
        while (!rest.empty()) {
            const auto frame = peek_frame(rest);
            if (frame.status != frame_status::complete) {
                ADD_FAILURE() << "outbox holds a broken frame";
                break;
            }
            pdu p;
            EXPECT_TRUE(decode(rest.first(frame.length), p).ok())
                << "outbox holds an undecodable " << describe(p);
            out.push_back(std::move(p));
            rest = rest.subspan(frame.length);
        }
        s.outbox().clear();
        return out;
    }
    lines sent() { return describe(sent_pdus()); }

    std::vector<event> take_events() { return std::exchange(s.events(), {}); }
    lines events() { return describe(take_events()); }

    void drain() {
        sent_pdus();
        take_events();
    }
};

inline harness esme(session_config cfg = {}) {
    cfg.self = role::esme;
    return harness(cfg);
}

inline harness mc(session_config cfg = {}) {
    cfg.self = role::mc;
    return harness(cfg);
}

// An ESME whose bind (sequence 1) was accepted at t0; its next request is #2.
inline harness bound_esme(bind_type type = bind_type::transceiver, session_config cfg = {}) {
    harness h = esme(cfg);
    h.s.bind(type, {.system_id = "esme1", .password = "secret"}, h.now);
    h.receive(bind_resp(type, 1));
    EXPECT_EQ(h.s.state(), bound_state(type));
    h.drain();
    return h;
}

// An MC that accepted a bind (sequence 1) at t0; its own requests start at #1.
inline harness bound_mc(bind_type type = bind_type::transceiver, session_config cfg = {}) {
    harness h = mc(cfg);
    h.receive(bind_request(type, 1));
    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now));
    EXPECT_EQ(h.s.state(), bound_state(type));
    h.drain();
    return h;
}

constexpr bind_type all_bind_types[] = {bind_type::transmitter, bind_type::receiver, bind_type::transceiver};

}  // namespace smpp::session_test

#pragma once
// One connection on a fake_stream and an io_context, and the PDUs the tests script with.
// Nothing here waits: settle() runs what is ready and returns, so a connection that stalls
// shows up as a failed expectation, never as a hung test. The session's timers (bind, response,
// keepalive) are seconds away and never fire within a test.
#include <gtest/gtest.h>

#include <boost/asio/detached.hpp>

#include <algorithm>
#include <functional>
#include <ostream>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connection.hpp"
#include "fake_stream.hpp"
#include "smpp/codec/codec.hpp"

namespace smpp {
// How GoogleTest shows a PDU in a failed comparison.
inline void PrintTo(const pdu& p, std::ostream* os) {
    *os << name_of(p.id) << " #" << p.sequence;
    if (p.status != command_status::ok) *os << " " << name_of(p.status);
}
}  // namespace smpp

namespace smpp::test {

inline byte_buffer wire(std::initializer_list<pdu> pdus) {
    byte_buffer out;
    for (const auto& p : pdus) EXPECT_EQ(encode(p, out), command_status::ok) << "test PDU does not encode";
    return out;
}

inline sm_body text_message() {
    sm_body b;
    b.source_addr = "1000";
    b.destination_addr = "2000";
    b.short_message = "hello";
    return b;
}

inline bind_body credentials() { return bind_body{.system_id = "esme1", .password = "secret"}; }

inline pdu bind_request(std::uint32_t sequence) {
    return {command_id::bind_transceiver, command_status::ok, sequence, credentials()};
}
// As the MC's session answers a 3.4 bind: with the interface version it speaks.
inline pdu bind_resp(std::uint32_t sequence) {
    return {command_id::bind_transceiver_resp, command_status::ok, sequence,
            bind_resp_body{"SMSC", {tlv{tag::sc_interface_version, std::string(1, '\x34')}}}};
}
inline pdu submit(std::uint32_t sequence) { return {command_id::submit_sm, command_status::ok, sequence, text_message()}; }
inline pdu submit_resp(std::uint32_t sequence) {
    return {command_id::submit_sm_resp, command_status::ok, sequence, sm_resp_body{"m" + std::to_string(sequence)}};
}
inline pdu unbind(std::uint32_t sequence) { return make_header_only(command_id::unbind, sequence); }
inline pdu unbind_resp(std::uint32_t sequence) { return make_header_only(command_id::unbind_resp, sequence); }

struct rig {
    using behaviour = std::function<void(net::connection&, const event&)>;

    // No logger by default: a reset loop closes hundreds of connections, and their lines would
    // bury a failure.
    explicit rig(role self, session_config cfg = {}, log::logger logger = {}) {
        cfg.self = self;
        conn = std::make_shared<net::connection>(
            net::transport(peer), cfg, 1,
            [this](net::connection& c, const event& e) {
                events.push_back(e.kind);
                if (on_event) on_event(c, e);
            },
            std::move(logger));
    }
    rig(const rig&) = delete;
    rig& operator=(const rig&) = delete;

    ~rig() {
        // A test that failed may leave the connection running: stop it while its peer exists.
        if (started && !result) {
            conn->force_close();
            settle();
        }
    }

    void start() {
        started = true;
        asio::co_spawn(
            io, [](std::shared_ptr<net::connection> c, rig* r) -> net::awaitable<void> { r->result = co_await c->run(); }(conn, this),
            asio::detached);
    }

    // Everything that is ready, and what that makes ready, then back to the test.
    void settle() {
        io.restart();
        io.poll();
    }

    // The MC's part: accept every bind, answer every submit.
    void act_as_mc() {
        on_event = [](net::connection& c, const event& e) {
            if (e.kind == event_kind::bind_requested) c.core().accept_bind("SMSC", clock::now());
            if (e.kind == event_kind::request_received)
                c.core().respond(e.message, command_status::ok, sm_resp_body{"m" + std::to_string(e.sequence)});
        };
    }

    bool saw(event_kind k) const { return std::find(events.begin(), events.end(), k) != events.end(); }

    asio::io_context io;
    std::shared_ptr<fake_stream> peer = std::make_shared<fake_stream>(io.get_executor());
    std::shared_ptr<net::connection> conn;
    behaviour on_event;
    std::vector<event_kind> events;
    std::optional<close_reason> result;
    bool started = false;
};

}  // namespace smpp::test

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

namespace {

using namespace smpp;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

using lines = std::vector<std::string>;

const clock::time_point t0{};

// ---- rendering ------------------------------------------------------------------------------

std::string describe(const pdu& p) {
    std::string s = std::string(name_of(p.id)) + " #" + std::to_string(p.sequence);
    if (p.status != command_status::ok) s += " " + std::string(name_of(p.status));
    return s;
}

std::string describe(const event& e) {
    std::string s(name_of(e.kind));
    if (e.kind == event_kind::closing) return s + " " + std::string(name_of(e.reason));
    s += " #" + std::to_string(e.sequence);
    if (e.status != command_status::ok) s += " " + std::string(name_of(e.status));
    if (e.request_id != command_id::generic_nack) s += " " + std::string(name_of(e.request_id));
    return s;
}

template <typename T>
lines describe(const std::vector<T>& items) {
    lines out;
    for (const auto& item : items) out.push_back(describe(item));
    return out;
}

// ---- input builders -------------------------------------------------------------------------

byte_buffer wire(const pdu& p) {
    byte_buffer out;
    EXPECT_EQ(encode(p, out), command_status::ok) << "test input does not encode: " << describe(p);
    return out;
}

// Frames the encoder refuses to build (unknown ids, bad lengths, over-long fields).
byte_buffer raw_frame(std::uint32_t id, std::uint32_t sequence, std::string_view body = {},
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

byte_buffer concat(byte_buffer a, const byte_buffer& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

pdu header(command_id id, std::uint32_t sequence, command_status status = command_status::ok) {
    return make_header_only(id, sequence, status);
}

sm_body text_message() {
    sm_body b;
    b.source_addr = "1000";
    b.destination_addr = "2000";
    b.short_message = "hello";
    return b;
}

pdu submit(std::uint32_t sequence) {
    return {command_id::submit_sm, command_status::ok, sequence, text_message()};
}

pdu deliver(std::uint32_t sequence) {
    return {command_id::deliver_sm, command_status::ok, sequence, text_message()};
}

// submit_sm_resp or deliver_sm_resp; header-only when the status is an error, as the spec asks.
pdu sm_resp(command_id request, std::uint32_t sequence, command_status status = command_status::ok) {
    if (status != command_status::ok) return header(response_of(request), sequence, status);
    return {response_of(request), status, sequence, sm_resp_body{"msg-" + std::to_string(sequence)}};
}

pdu bind_request(bind_type type, std::uint32_t sequence, std::string system_id = "esme1") {
    return {bind_command(type), command_status::ok, sequence,
            bind_body{.system_id = std::move(system_id), .password = "secret"}};
}

pdu bind_resp(bind_type type, std::uint32_t sequence, command_status status = command_status::ok) {
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

harness esme(session_config cfg = {}) {
    cfg.self = role::esme;
    return harness(cfg);
}

harness mc(session_config cfg = {}) {
    cfg.self = role::mc;
    return harness(cfg);
}

// An ESME whose bind (sequence 1) was accepted at t0; its next request is #2.
harness bound_esme(bind_type type = bind_type::transceiver, session_config cfg = {}) {
    harness h = esme(cfg);
    h.s.bind(type, {.system_id = "esme1", .password = "secret"}, h.now);
    h.receive(bind_resp(type, 1));
    EXPECT_EQ(h.s.state(), bound_state(type));
    h.drain();
    return h;
}

// An MC that accepted a bind (sequence 1) at t0; its own requests start at #1.
harness bound_mc(bind_type type = bind_type::transceiver, session_config cfg = {}) {
    harness h = mc(cfg);
    h.receive(bind_request(type, 1));
    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now));
    EXPECT_EQ(h.s.state(), bound_state(type));
    h.drain();
    return h;
}

constexpr bind_type all_bind_types[] = {bind_type::transmitter, bind_type::receiver, bind_type::transceiver};

// ---- ESME bind ------------------------------------------------------------------------------

TEST(EsmeBind, BindSendsBindTransceiverWithSequenceOne) {
    auto h = esme();
    const auto out = h.s.bind(bind_type::transceiver, {.system_id = "esme1", .password = "secret"}, h.now);
    EXPECT_TRUE(out.ok());
    EXPECT_EQ(out.sequence, 1u);

    const auto sent = h.sent_pdus();
    ASSERT_EQ(describe(sent), lines{"bind_transceiver #1"});
    const auto& body = std::get<bind_body>(sent[0].body);
    EXPECT_EQ(body.system_id, "esme1");
    EXPECT_EQ(body.password, "secret");
    EXPECT_EQ(body.interface_version, interface_version_34);
    EXPECT_EQ(h.s.state(), session_state::open);
    EXPECT_EQ(h.events(), lines{});
}

TEST(EsmeBind, BindRespOkBindsTheSession) {
    auto h = esme();
    h.s.bind(bind_type::transceiver, {.system_id = "esme1"}, h.now);
    h.drain();

    h.receive(bind_resp(bind_type::transceiver, 1));
    EXPECT_EQ(h.events(), lines{"bound #1"});
    EXPECT_EQ(h.s.state(), session_state::bound_trx);
    EXPECT_TRUE(h.s.was_bound());
    EXPECT_FALSE(h.s.closing());
    EXPECT_EQ(h.sent(), lines{});
}

TEST(EsmeBind, EachBindTypeReachesItsBoundState) {
    for (auto type : all_bind_types) {
        SCOPED_TRACE(std::string(name_of(type)));
        auto h = esme();
        h.s.bind(type, {.system_id = "esme1"}, h.now);
        EXPECT_EQ(h.sent(), lines{std::string(name_of(bind_command(type))) + " #1"});
        h.receive(bind_resp(type, 1));
        EXPECT_EQ(h.events(), lines{"bound #1"});
        EXPECT_EQ(h.s.state(), bound_state(type));
    }
}

TEST(EsmeBind, BindRespWithErrorStatusRejectsAndCloses) {
    auto h = esme();
    h.s.bind(bind_type::transceiver, {.system_id = "esme1"}, h.now);
    h.drain();

    h.receive(bind_resp(bind_type::transceiver, 1, command_status::invalid_password));
    EXPECT_EQ(h.events(), (lines{"bind_rejected #1 ESME_RINVPASWD", "closing bind_failed"}));
    EXPECT_EQ(h.s.state(), session_state::open);
    EXPECT_EQ(h.s.reason(), close_reason::bind_failed);
    EXPECT_FALSE(h.s.was_bound());
    EXPECT_EQ(h.sent(), lines{});
}

TEST(EsmeBind, GenericNackToTheBindRejectsIt) {
    auto h = esme();
    h.s.bind(bind_type::transmitter, {.system_id = "esme1"}, h.now);
    h.drain();

    h.receive(header(command_id::generic_nack, 1, command_status::invalid_cmd_id));
    EXPECT_EQ(h.events(), (lines{"bind_rejected #1 ESME_RINVCMDID", "closing bind_failed"}));
}

TEST(EsmeBind, NoBindRespWithinBindTimeoutCloses) {
    auto h = esme({.bind_timeout = 10s});
    h.s.bind(bind_type::transceiver, {.system_id = "esme1"}, h.now);
    h.drain();
    EXPECT_EQ(h.s.next_deadline(), t0 + 10s);

    h.at(9s);
    EXPECT_EQ(h.events(), lines{});
    h.at(10s);
    EXPECT_EQ(h.events(), lines{"closing bind_timeout"});
    EXPECT_EQ(h.sent(), lines{});
    EXPECT_EQ(h.s.next_deadline(), std::nullopt);
}

TEST(EsmeBind, BindIsRefusedWhileOneIsInFlightAndAtTheMc) {
    auto h = esme();
    h.s.bind(bind_type::transceiver, {.system_id = "esme1"}, h.now);
    h.drain();
    EXPECT_EQ(h.s.bind(bind_type::transceiver, {.system_id = "esme1"}, h.now).status,
              command_status::invalid_bind_status);
    EXPECT_EQ(h.sent(), lines{});

    auto m = mc();
    EXPECT_EQ(m.s.bind(bind_type::transceiver, {.system_id = "smsc"}, m.now).status,
              command_status::invalid_bind_status);
    EXPECT_EQ(m.sent(), lines{});
}

TEST(EsmeBind, OutbindIsReportedForTheApplicationToBind) {
    auto h = esme();
    h.receive({command_id::outbind, command_status::ok, 3, outbind_body{"SMSC", "pw"}});
    EXPECT_EQ(h.events(), lines{"outbind_received #3"});
    EXPECT_EQ(h.sent(), lines{});
}

// ---- MC bind --------------------------------------------------------------------------------

TEST(McBind, ReceivedBindIsHandedToTheApplication) {
    auto h = mc();
    h.receive(bind_request(bind_type::transceiver, 7, "esme1"));

    auto events = h.take_events();
    ASSERT_EQ(describe(events), lines{"bind_requested #7"});
    EXPECT_EQ(std::get<bind_body>(events[0].message.body).password, "secret");
    EXPECT_EQ(h.s.system_id(), "esme1");
    EXPECT_EQ(h.s.state(), session_state::open);
    EXPECT_EQ(h.sent(), lines{}) << "nothing goes out before the application decides";
}

TEST(McBind, AcceptSendsBindRespWithSystemIdAndInterfaceVersion) {
    auto h = mc();
    h.receive(bind_request(bind_type::transceiver, 7));
    h.drain();

    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now));
    const auto sent = h.sent_pdus();
    ASSERT_EQ(describe(sent), lines{"bind_transceiver_resp #7"});
    const auto& body = std::get<bind_resp_body>(sent[0].body);
    EXPECT_EQ(body.system_id, "SMSC");
    EXPECT_EQ(body.tlvs, (tlv_list{tlv{tag::sc_interface_version, "\x34"}}));
    EXPECT_EQ(h.events(), lines{"bound #7"});
    EXPECT_EQ(h.s.state(), session_state::bound_trx);
    EXPECT_TRUE(h.s.was_bound());
}

TEST(McBind, AcceptingEachBindTypeReachesItsBoundState) {
    for (auto type : all_bind_types) {
        SCOPED_TRACE(std::string(name_of(type)));
        auto h = mc();
        h.receive(bind_request(type, 1));
        h.drain();
        EXPECT_TRUE(h.s.accept_bind("SMSC", h.now));
        EXPECT_EQ(h.sent(), lines{std::string(name_of(response_of(bind_command(type)))) + " #1"});
        EXPECT_EQ(h.s.state(), bound_state(type));
    }
}

TEST(McBind, RejectSendsHeaderOnlyBindRespWithTheStatus) {
    auto h = mc();
    h.receive(bind_request(bind_type::transmitter, 4));
    h.drain();

    EXPECT_TRUE(h.s.reject_bind(command_status::invalid_password));
    EXPECT_EQ(h.s.outbox().size(), header_size) << "an error bind_resp has no body";
    EXPECT_EQ(h.sent(), lines{"bind_transmitter_resp #4 ESME_RINVPASWD"});
    EXPECT_EQ(h.s.state(), session_state::open);
    EXPECT_FALSE(h.s.accept_bind("SMSC", h.now)) << "the bind was already answered";
    EXPECT_EQ(h.sent(), lines{});
}

TEST(McBind, SecondBindWhileBoundIsAlreadyBound) {
    auto h = bound_mc();
    h.receive(bind_request(bind_type::transceiver, 8));
    EXPECT_EQ(h.sent(), lines{"bind_transceiver_resp #8 ESME_RALYBND"});
    EXPECT_EQ(h.events(), lines{"rejected_input #8 ESME_RALYBND bind_transceiver"});
    EXPECT_EQ(h.s.state(), session_state::bound_trx);
    EXPECT_FALSE(h.s.closing());
}

TEST(McBind, SecondBindWhileTheFirstAwaitsAVerdictIsAlreadyBound) {
    auto h = mc();
    h.receive(bind_request(bind_type::transceiver, 1));
    h.drain();
    h.receive(bind_request(bind_type::receiver, 2));
    EXPECT_EQ(h.sent(), lines{"bind_receiver_resp #2 ESME_RALYBND"});
    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now)) << "the first bind is still answerable";
    EXPECT_EQ(h.sent(), lines{"bind_transceiver_resp #1"});
}

TEST(McBind, NoBindWithinBindTimeoutCloses) {
    auto h = mc({.bind_timeout = 10s});
    EXPECT_EQ(h.s.next_deadline(), t0 + 10s);
    h.at(9s);
    EXPECT_EQ(h.events(), lines{});
    h.at(10s);
    EXPECT_EQ(h.events(), lines{"closing bind_timeout"});
    EXPECT_EQ(h.sent(), lines{});
}

TEST(McBind, BoundSessionIsNotSubjectToTheBindTimeout) {
    auto h = bound_mc(bind_type::transceiver, {.bind_timeout = 10s, .enquire_link_interval = 0s});
    h.at(10s);
    h.at(1h);
    EXPECT_EQ(h.events(), lines{});
    EXPECT_FALSE(h.s.closing());
}

TEST(McBind, OverlongSystemIdIsRejectedWithInvalidSystemId) {
    auto h = mc();
    // system_id may hold 15 characters and its NUL (§4.1.1); this one has 20.
    const auto frame = raw_frame(static_cast<std::uint32_t>(command_id::bind_transceiver), 3,
                                 "abcdefghijklmnopqrst\0secret\0\0\x34\0\0\0"sv);
    EXPECT_EQ(h.feed(frame), frame.size());
    EXPECT_EQ(h.sent(), lines{"bind_transceiver_resp #3 ESME_RINVSYSID"});
    EXPECT_EQ(h.events(), lines{"rejected_input #3 ESME_RINVSYSID bind_transceiver"});
    EXPECT_EQ(h.s.state(), session_state::open);
    EXPECT_FALSE(h.s.closing()) << "the ESME may try again";
}

// ---- unbind, initiated here -----------------------------------------------------------------

TEST(UnbindSent, UnbindSendsUnbindAndRefusesNewRequests) {
    auto h = bound_esme();
    h.s.unbind(h.now);
    EXPECT_EQ(h.sent(), lines{"unbind #2"});
    EXPECT_EQ(h.events(), lines{"unbind_sent #2"});
    EXPECT_TRUE(h.s.unbinding());

    EXPECT_EQ(h.send_submit().status, command_status::invalid_bind_status);
    h.s.unbind(h.now);
    EXPECT_EQ(h.sent(), lines{}) << "neither a submit nor a second unbind goes out";
    EXPECT_EQ(h.events(), lines{});
}

TEST(UnbindSent, ResponseToAnEarlierSubmitStillArrives) {
    auto h = bound_esme();
    EXPECT_EQ(h.send_submit().sequence, 2u);
    h.s.unbind(h.now);
    h.drain();

    h.receive(sm_resp(command_id::submit_sm, 2));
    auto events = h.take_events();
    ASSERT_EQ(describe(events), lines{"response_received #2 submit_sm"});
    EXPECT_EQ(std::get<sm_resp_body>(events[0].message.body).message_id, "msg-2");
    EXPECT_TRUE(h.s.unbinding());
}

TEST(UnbindSent, DeliverSmArrivingMeanwhileIsStillHandedOver) {
    auto h = bound_esme();
    h.s.unbind(h.now);
    h.drain();

    h.receive(deliver(50));
    auto events = h.take_events();
    ASSERT_EQ(describe(events), lines{"request_received #50"});
    EXPECT_EQ(h.s.respond(events[0].message, command_status::ok), command_status::ok);
    EXPECT_EQ(h.sent(), lines{"deliver_sm_resp #50"});
}

TEST(UnbindSent, UnbindRespClosesCleanly) {
    auto h = bound_esme();
    h.s.unbind(h.now);
    h.drain();

    h.receive(header(command_id::unbind_resp, 2));
    EXPECT_EQ(h.events(), (lines{"unbind_resp_received #2", "closing unbound"}));
    EXPECT_EQ(h.s.state(), session_state::unbound);
    EXPECT_EQ(h.s.reason(), close_reason::unbound);
    EXPECT_EQ(h.sent(), lines{});
}

TEST(UnbindSent, NoUnbindRespWithinUnbindTimeoutCloses) {
    auto h = bound_esme(bind_type::transceiver, {.unbind_timeout = 5s});
    h.now = t0 + 1s;
    h.s.unbind(h.now);
    h.drain();
    EXPECT_EQ(h.s.next_deadline(), t0 + 6s) << "the unbind deadline, not the keepalive";

    h.at(5s);
    EXPECT_EQ(h.events(), lines{});
    h.at(6s);
    EXPECT_EQ(h.events(), lines{"closing unbind_timeout"});
    EXPECT_EQ(h.sent(), lines{});
}

TEST(UnbindSent, UnbindWhenNotBoundClosesAtOnce) {
    auto idle = esme();
    idle.s.unbind(idle.now);
    EXPECT_EQ(idle.events(), lines{"closing shutdown"});
    EXPECT_EQ(idle.sent(), lines{});

    auto binding = esme();
    binding.s.bind(bind_type::transceiver, {.system_id = "esme1"}, binding.now);
    binding.drain();
    binding.s.unbind(binding.now);
    EXPECT_EQ(binding.events(), lines{"closing shutdown"});
    EXPECT_EQ(binding.sent(), lines{});

    auto deciding = mc();
    deciding.receive(bind_request(bind_type::transceiver, 1));
    deciding.drain();
    deciding.s.unbind(deciding.now);
    EXPECT_EQ(deciding.events(), lines{"closing shutdown"});
    EXPECT_FALSE(deciding.s.accept_bind("SMSC", deciding.now));
    EXPECT_EQ(deciding.sent(), lines{});
}

TEST(UnbindSent, RequestsReadWithTheUnbindRespAreStillAnswered) {
    // The ESME's last submits and its unbind_resp arrive in one read: the unbind_resp closes the
    // session before the application has answered the submits.
    auto h = bound_mc();
    h.s.unbind(h.now);
    h.drain();
    const auto bytes = concat(wire(submit(5)), wire(header(command_id::unbind_resp, 1)));
    EXPECT_EQ(h.feed(bytes), bytes.size());
    EXPECT_EQ(h.events(), (lines{"request_received #5", "unbind_resp_received #1", "closing unbound"}));
    EXPECT_EQ(h.s.respond(submit(5), command_status::ok, sm_resp_body{"m5"}), command_status::ok);
    EXPECT_EQ(h.sent(), lines{"submit_sm_resp #5"});
    h.s.on_transport_closed(close_reason::unbound);
    EXPECT_EQ(h.s.respond(submit(5), command_status::ok), command_status::invalid_bind_status) << "nowhere to go";
}

// ---- unbind, initiated by the peer ----------------------------------------------------------

TEST(UnbindReceived, IsAnsweredWithTheSameSequenceAndCloses) {
    for (auto self : {role::esme, role::mc}) {
        SCOPED_TRACE(std::string(name_of(self)));
        auto h = self == role::esme ? bound_esme() : bound_mc();
        h.receive(header(command_id::unbind, 9));
        EXPECT_EQ(h.sent(), lines{"unbind_resp #9"});
        EXPECT_EQ(h.events(), (lines{"unbind_received #9", "unbind_resp_sent #9", "closing unbound"}));
        EXPECT_EQ(h.s.state(), session_state::unbound);
        EXPECT_EQ(h.s.reason(), close_reason::unbound);
    }
}

TEST(UnbindReceived, WithSubmitsInFlightTheirAnswersAreReadBeforeClosing) {
    auto h = bound_esme();
    h.send_submit();
    h.send_submit();
    h.drain();
    h.receive(header(command_id::unbind, 9));
    EXPECT_EQ(h.sent(), lines{"unbind_resp #9"}) << "answered at once";
    EXPECT_EQ(h.events(), (lines{"unbind_received #9", "unbind_resp_sent #9"}));
    EXPECT_FALSE(h.s.closing()) << "the MC answers them before it closes on our unbind_resp";
    EXPECT_FALSE(h.send_submit().ok()) << "nothing new after an unbind";

    h.receive(sm_resp(command_id::submit_sm, 2));
    EXPECT_FALSE(h.s.closing());
    h.receive(sm_resp(command_id::submit_sm, 3));
    EXPECT_EQ(h.events(), (lines{"response_received #2 submit_sm", "response_received #3 submit_sm", "closing unbound"}));
}

TEST(UnbindReceived, TheWaitForAnswersEndsAtTheirDeadlinesOrWhenThePeerCloses) {
    auto h = bound_esme(bind_type::transceiver, {.response_timeout = 10s});
    h.send_submit();
    h.receive(header(command_id::unbind, 9));
    h.drain();
    h.at(10s);
    EXPECT_EQ(h.events(), (lines{"response_timeout #2 submit_sm", "closing unbound"}));

    auto closed = bound_esme();
    closed.send_submit();
    closed.receive(header(command_id::unbind, 9));
    closed.drain();
    closed.s.on_transport_closed(close_reason::peer_closed);
    EXPECT_EQ(closed.s.reason(), close_reason::unbound) << "the unbind exchange was complete";

    auto stopped = bound_esme();
    stopped.send_submit();
    stopped.receive(header(command_id::unbind, 9));
    stopped.drain();
    stopped.s.unbind(stopped.now);
    EXPECT_EQ(stopped.events(), lines{"closing unbound"}) << "a stop does not wait for them";
    EXPECT_EQ(stopped.sent(), lines{});
}

TEST(UnbindReceived, BothSidesUnbindingWaitsForOurUnbindResp) {
    auto h = bound_esme();
    h.s.unbind(h.now);
    h.drain();

    h.receive(header(command_id::unbind, 9));
    EXPECT_EQ(h.sent(), lines{"unbind_resp #9"});
    EXPECT_EQ(h.events(), (lines{"unbind_received #9", "unbind_resp_sent #9"}));
    EXPECT_FALSE(h.s.closing());

    h.receive(header(command_id::unbind_resp, 2));
    EXPECT_EQ(h.events(), (lines{"unbind_resp_received #2", "closing unbound"}));
    EXPECT_EQ(h.sent(), lines{});
}

TEST(UnbindReceived, IgnoreUnbindReportsItButAnswersNothing) {
    auto h = bound_mc(bind_type::transceiver, {.ignore_unbind = true});
    h.receive(header(command_id::unbind, 9));
    EXPECT_EQ(h.events(), lines{"unbind_received #9"});
    EXPECT_EQ(h.sent(), lines{});
    EXPECT_FALSE(h.s.closing());
    EXPECT_EQ(h.s.state(), session_state::bound_trx);
}

// ---- requests out of state ------------------------------------------------------------------

TEST(OutOfState, SubmitSmBeforeBindIsInvalidBindStatus) {
    auto h = mc();
    h.receive(submit(5));
    const auto sent = h.sent_pdus();
    EXPECT_EQ(describe(sent), lines{"submit_sm_resp #5 ESME_RINVBNDSTS"});
    EXPECT_TRUE(std::holds_alternative<std::monostate>(sent.at(0).body)) << "error responses are header-only";
    EXPECT_EQ(h.events(), lines{"rejected_input #5 ESME_RINVBNDSTS submit_sm"});
    EXPECT_FALSE(h.s.closing());
}

TEST(OutOfState, DeliverSmToATransmitterIsInvalidBindStatus) {
    auto h = bound_esme(bind_type::transmitter);
    h.receive(deliver(9));
    EXPECT_EQ(h.sent(), lines{"deliver_sm_resp #9 ESME_RINVBNDSTS"});
    EXPECT_EQ(h.events(), lines{"rejected_input #9 ESME_RINVBNDSTS deliver_sm"});
}

TEST(OutOfState, SubmitSmOverAReceiverBindIsInvalidBindStatus) {
    auto h = bound_mc(bind_type::receiver);
    h.receive(submit(5));
    EXPECT_EQ(h.sent(), lines{"submit_sm_resp #5 ESME_RINVBNDSTS"});
    EXPECT_EQ(h.events(), lines{"rejected_input #5 ESME_RINVBNDSTS submit_sm"});
}

TEST(OutOfState, EnquireLinkBeforeBindIsAnsweredAnyway) {
    for (auto self : {role::esme, role::mc}) {
        harness h({.self = self});
        h.receive(header(command_id::enquire_link, 4));
        EXPECT_EQ(h.sent(), lines{"enquire_link_resp #4"});
        EXPECT_EQ(h.events(), lines{});
    }
}

TEST(OutOfState, CommandsTheStateForbidsAreRefusedWithoutSending) {
    auto receiver = bound_esme(bind_type::receiver);
    EXPECT_EQ(receiver.send_submit().status, command_status::invalid_bind_status);
    EXPECT_EQ(receiver.s.send_request(command_id::unbind, {}, receiver.now).status,
              command_status::invalid_bind_status)
        << "unbind goes through unbind()";
    EXPECT_EQ(receiver.sent(), lines{});

    auto open = esme();
    EXPECT_EQ(open.send_submit().status, command_status::invalid_bind_status);
    EXPECT_EQ(open.sent(), lines{});
}

// ---- requests and responses while bound -----------------------------------------------------

TEST(Traffic, McHandsOverSubmitSmAndTheApplicationAnswersIt) {
    auto h = bound_mc();
    h.receive(submit(5));
    auto events = h.take_events();
    ASSERT_EQ(describe(events), lines{"request_received #5"});
    EXPECT_EQ(std::get<sm_body>(events[0].message.body).short_message, "hello");

    EXPECT_EQ(h.s.respond(events[0].message, command_status::ok, sm_resp_body{"abc"}), command_status::ok);
    const auto sent = h.sent_pdus();
    ASSERT_EQ(describe(sent), lines{"submit_sm_resp #5"});
    EXPECT_EQ(std::get<sm_resp_body>(sent[0].body).message_id, "abc");
}

TEST(Traffic, ErrorAnswerGoesOutHeaderOnly) {
    auto h = bound_mc();
    h.receive(submit(5));
    const auto request = h.take_events().at(0).message;
    h.s.respond(request, command_status::throttled, sm_resp_body{"ignored"});
    EXPECT_EQ(h.s.outbox().size(), header_size);
    EXPECT_EQ(h.sent(), lines{"submit_sm_resp #5 ESME_RTHROTTLED"});
}

TEST(Traffic, McSendsDeliverSmAndGetsItsResponse) {
    auto h = bound_mc(bind_type::receiver);
    const auto out = h.s.send_request(command_id::deliver_sm, text_message(), h.now);
    EXPECT_EQ(out.sequence, 1u);
    EXPECT_EQ(h.sent(), lines{"deliver_sm #1"});
    h.receive(sm_resp(command_id::deliver_sm, 1));
    EXPECT_EQ(h.events(), lines{"response_received #1 deliver_sm"});
}

TEST(Traffic, GenericNackAnswersTheRequestItNames) {
    auto h = bound_esme();
    h.send_submit();
    h.drain();
    h.receive(header(command_id::generic_nack, 2, command_status::invalid_cmd_length));
    EXPECT_EQ(h.events(), lines{"response_received #2 ESME_RINVCMDLEN submit_sm"});
    EXPECT_EQ(h.s.in_flight(), 0u);
}

TEST(Traffic, ResponseOfTheWrongKindLeavesTheRequestInFlight) {
    auto h = bound_esme();
    h.send_submit();
    h.drain();
    h.receive(header(command_id::enquire_link_resp, 2));
    EXPECT_EQ(h.events(), lines{"unexpected_response #2"});
    h.receive(sm_resp(command_id::submit_sm, 2));
    EXPECT_EQ(h.events(), lines{"response_received #2 submit_sm"});
}

// ---- malformed input ------------------------------------------------------------------------

TEST(Malformed, UnknownCommandIdGetsGenericNackAndTheSessionGoesOn) {
    auto h = bound_mc();
    const auto frame = raw_frame(0x00000099, 6);
    EXPECT_EQ(h.feed(frame), frame.size());
    EXPECT_EQ(h.sent(), lines{"generic_nack #6 ESME_RINVCMDID"});
    EXPECT_EQ(h.events(), lines{"rejected_input #6 ESME_RINVCMDID unknown"});
    EXPECT_FALSE(h.s.closing());

    h.receive(header(command_id::enquire_link, 7));
    EXPECT_EQ(h.sent(), lines{"enquire_link_resp #7"});
}

// §4.3.1 answers every unknown command_id with generic_nack; an id in the response range is
// still unknown and still gets one.
TEST(Malformed, UnknownResponseRangeCommandIdGetsGenericNack) {
    auto h = bound_mc();
    const auto frame = raw_frame(0x80000099, 6);
    EXPECT_EQ(h.feed(frame), frame.size());
    EXPECT_EQ(h.sent(), lines{"generic_nack #6 ESME_RINVCMDID"});
    EXPECT_FALSE(h.s.closing());
}

TEST(Malformed, CommandLengthBelowTheHeaderSizeIsFatal) {
    auto h = bound_mc();
    const auto frame = raw_frame(static_cast<std::uint32_t>(command_id::enquire_link), 6, {}, 8);
    EXPECT_EQ(h.feed(frame), frame.size());
    const auto sent = h.sent_pdus();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].id, command_id::generic_nack);
    EXPECT_EQ(sent[0].status, command_status::invalid_cmd_length);
    const auto events = h.take_events();
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(describe(events.back()), "closing protocol_error");
}

TEST(Malformed, CommandLengthAboveMaxPduSizeIsFatalBeforeTheBodyArrives) {
    auto h = bound_mc(bind_type::transceiver, {.max_pdu_size = 1024});
    // Only the header of a 4 KiB frame: the session must not wait for the rest.
    const auto frame = raw_frame(static_cast<std::uint32_t>(command_id::submit_sm), 6, {}, 4096);
    EXPECT_EQ(h.feed(frame), frame.size());
    const auto sent = h.sent_pdus();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].id, command_id::generic_nack);
    EXPECT_EQ(sent[0].status, command_status::invalid_cmd_length);
    EXPECT_EQ(h.s.reason(), close_reason::protocol_error);
}

TEST(Malformed, ResponseMatchingNoRequestIsReportedAndDropped) {
    auto h = bound_esme();
    h.receive(sm_resp(command_id::submit_sm, 77));
    EXPECT_EQ(h.events(), lines{"unexpected_response #77"});
    EXPECT_EQ(h.sent(), lines{});
    EXPECT_FALSE(h.s.closing());
}

// ---- framing of partial input ---------------------------------------------------------------

TEST(PartialInput, PduArrivingOneByteAtATimeIsTakenOnlyWhenComplete) {
    auto h = bound_mc();
    const auto bytes = wire(submit(5));
    const std::span<const std::uint8_t> all(bytes);
    // The caller keeps what feed() did not consume and offers it again with the next byte.
    for (std::size_t have = 1; have < bytes.size(); ++have) {
        ASSERT_EQ(h.feed(all.first(have)), 0u) << "with " << have << " of " << bytes.size() << " bytes";
        ASSERT_EQ(h.events(), lines{});
    }
    EXPECT_EQ(h.feed(all), bytes.size());
    EXPECT_EQ(h.events(), lines{"request_received #5"});
}

TEST(PartialInput, TwoPdusInOneFeedAreBothHandled) {
    auto h = bound_mc();
    const auto bytes = concat(wire(header(command_id::enquire_link, 3)), wire(submit(4)));
    EXPECT_EQ(h.feed(bytes), bytes.size());
    EXPECT_EQ(h.sent(), lines{"enquire_link_resp #3"});
    EXPECT_EQ(h.events(), lines{"request_received #4"});
}

TEST(PartialInput, TrailingPartialPduIsLeftForTheNextFeed) {
    auto h = bound_mc();
    const auto first = wire(header(command_id::enquire_link, 3));
    const auto second = wire(submit(4));
    const auto bytes = concat(first, second);
    const std::span<const std::uint8_t> all(bytes);

    EXPECT_EQ(h.feed(all.first(first.size() + 5)), first.size());
    EXPECT_EQ(h.sent(), lines{"enquire_link_resp #3"});
    EXPECT_EQ(h.events(), lines{});

    EXPECT_EQ(h.feed(all.subspan(first.size())), second.size());
    EXPECT_EQ(h.events(), lines{"request_received #4"});
}

// ---- keepalive ------------------------------------------------------------------------------

session_config keepalive_config() { return {.response_timeout = 10s, .enquire_link_interval = 30s}; }

TEST(Keepalive, IdleSessionSendsEnquireLinkAfterTheInterval) {
    auto h = bound_esme(bind_type::transceiver, keepalive_config());
    EXPECT_EQ(h.s.next_deadline(), t0 + 30s);

    h.at(29s);
    EXPECT_EQ(h.sent(), lines{});
    h.at(30s);
    EXPECT_EQ(h.sent(), lines{"enquire_link #2"});
    EXPECT_EQ(h.events(), lines{});
    EXPECT_EQ(h.s.next_deadline(), t0 + 40s) << "now waiting for the enquire_link_resp";

    h.at(35s);
    EXPECT_EQ(h.sent(), lines{}) << "one keepalive at a time";
}

TEST(Keepalive, EnquireLinkRespClearsIt) {
    auto h = bound_esme(bind_type::transceiver, keepalive_config());
    h.at(30s);
    h.drain();

    h.now = t0 + 31s;
    h.receive(header(command_id::enquire_link_resp, 2));
    EXPECT_EQ(h.events(), lines{"response_received #2 enquire_link"});
    EXPECT_EQ(h.s.in_flight(), 0u);
    EXPECT_EQ(h.s.next_deadline(), t0 + 61s);

    h.at(40s);
    EXPECT_FALSE(h.s.closing());
    h.at(61s);
    EXPECT_EQ(h.sent(), lines{"enquire_link #3"});
}

TEST(Keepalive, UnansweredEnquireLinkCloses) {
    auto h = bound_mc(bind_type::transceiver, keepalive_config());
    h.at(30s);
    EXPECT_EQ(h.sent(), lines{"enquire_link #1"});
    h.at(39s);
    EXPECT_EQ(h.events(), lines{});
    h.at(40s);
    EXPECT_EQ(h.events(), lines{"closing enquire_link_timeout"});
}

TEST(Keepalive, IncomingTrafficPostponesIt) {
    auto h = bound_esme(bind_type::transceiver, keepalive_config());
    h.now = t0 + 20s;
    h.receive(deliver(7));
    h.drain();
    EXPECT_EQ(h.s.next_deadline(), t0 + 50s);

    h.at(30s);
    EXPECT_EQ(h.sent(), lines{});
    h.at(50s);
    EXPECT_EQ(h.sent(), lines{"enquire_link #2"});
}

TEST(Keepalive, PeersEnquireLinkIsAnsweredWithItsSequence) {
    auto h = bound_esme(bind_type::transceiver, keepalive_config());
    h.receive(header(command_id::enquire_link, 42));
    EXPECT_EQ(h.sent(), lines{"enquire_link_resp #42"});
    EXPECT_EQ(h.events(), lines{});
}

TEST(Keepalive, ZeroIntervalDisablesIt) {
    auto h = bound_esme(bind_type::transceiver, {.enquire_link_interval = 0s});
    EXPECT_EQ(h.s.next_deadline(), std::nullopt);
    h.at(1h);
    EXPECT_EQ(h.sent(), lines{});
    EXPECT_EQ(h.events(), lines{});
}

// ---- inactivity -----------------------------------------------------------------------------

TEST(Inactivity, SilentPeerIsClosedAtTheTimeoutEvenWithoutKeepalive) {
    auto h = bound_esme(bind_type::transceiver, {.enquire_link_interval = 0s, .inactivity_timeout = 20s});
    EXPECT_EQ(h.s.next_deadline(), t0 + 20s);
    h.at(19s);
    EXPECT_EQ(h.events(), lines{});
    h.at(20s);
    EXPECT_EQ(h.events(), lines{"closing inactivity_timeout"});
    EXPECT_EQ(h.sent(), lines{}) << "a dead peer gets no unbind";
    EXPECT_EQ(h.s.next_deadline(), std::nullopt);
}

TEST(Inactivity, AnyPduFromThePeerRestartsIt) {
    auto h = bound_mc(bind_type::transceiver, {.enquire_link_interval = 0s, .inactivity_timeout = 20s});
    h.now = t0 + 15s;
    h.receive(header(command_id::enquire_link, 9));
    h.drain();
    EXPECT_EQ(h.s.next_deadline(), t0 + 35s);
    h.at(34s);
    EXPECT_FALSE(h.s.closing());
    h.at(35s);
    EXPECT_EQ(h.events(), lines{"closing inactivity_timeout"});
}

TEST(Inactivity, OurOwnTrafficDoesNotCountAsThePeerBeingAlive) {
    auto h = bound_esme(bind_type::transceiver, {.response_timeout = 60s, .enquire_link_interval = 0s,
                                                 .inactivity_timeout = 20s});
    h.now = t0 + 10s;
    EXPECT_TRUE(h.send_submit().ok());
    h.at(20s);
    EXPECT_EQ(h.events(), lines{"closing inactivity_timeout"});
}

TEST(Inactivity, KeepaliveAnswersKeepTheSessionUp) {
    auto h = bound_esme(bind_type::transceiver,
                        {.response_timeout = 5s, .enquire_link_interval = 10s, .inactivity_timeout = 15s});
    for (int round = 1; round <= 5; ++round) {
        const auto sent_at = t0 + std::chrono::seconds(10 * round);
        h.at(sent_at - t0);
        const auto sent = h.sent_pdus();
        ASSERT_EQ(sent.size(), 1u) << "round " << round;
        h.receive(header(command_id::enquire_link_resp, sent[0].sequence));
        EXPECT_FALSE(h.s.closing()) << "round " << round;
    }
}

TEST(Inactivity, ZeroDisablesItAndItIsOffBeforeBind) {
    auto h = bound_esme(bind_type::transceiver, {.enquire_link_interval = 0s, .inactivity_timeout = 0s});
    EXPECT_EQ(h.s.next_deadline(), std::nullopt);
    h.at(24h);
    EXPECT_FALSE(h.s.closing());

    auto unbound = esme({.bind_timeout = 1h, .inactivity_timeout = 1s});
    unbound.s.bind(bind_type::transceiver, {.system_id = "esme1"}, t0);
    unbound.at(10s);
    EXPECT_FALSE(unbound.s.closing()) << "the bind has its own timeout";
}

// ---- window and response timeouts -----------------------------------------------------------

TEST(Window, FullWindowRefusesUntilAResponseArrives) {
    auto h = bound_esme(bind_type::transceiver, {.window = 2});
    EXPECT_EQ(h.send_submit().sequence, 2u);
    EXPECT_EQ(h.send_submit().sequence, 3u);
    EXPECT_FALSE(h.s.window_open());

    const auto refused = h.send_submit();
    EXPECT_EQ(refused.status, command_status::message_queue_full);
    EXPECT_EQ(h.sent(), (lines{"submit_sm #2", "submit_sm #3"}));

    h.receive(sm_resp(command_id::submit_sm, 2));
    EXPECT_EQ(h.events(), lines{"response_received #2 submit_sm"});
    EXPECT_TRUE(h.s.window_open());
    EXPECT_EQ(h.send_submit().sequence, 4u);
    EXPECT_EQ(h.sent(), lines{"submit_sm #4"});
}

TEST(Window, KeepaliveAndUnbindDoNotTakeWindowSlots) {
    auto h = bound_esme(bind_type::transceiver, {.enquire_link_interval = 30s, .window = 1});
    h.at(30s);
    EXPECT_EQ(h.sent(), lines{"enquire_link #2"});
    EXPECT_TRUE(h.s.window_open());
    EXPECT_EQ(h.send_submit().sequence, 3u);
}

TEST(Window, UnansweredSubmitReportsResponseTimeout) {
    auto h = bound_esme(bind_type::transceiver, {.response_timeout = 10s});
    h.now = t0 + 1s;
    EXPECT_EQ(h.send_submit().sequence, 2u);
    h.drain();
    EXPECT_EQ(h.s.next_deadline(), t0 + 11s);

    h.at(10s);
    EXPECT_EQ(h.events(), lines{});
    h.at(11s);
    EXPECT_EQ(h.events(), lines{"response_timeout #2 submit_sm"});
    EXPECT_FALSE(h.s.closing()) << "a lost response is the application's problem, not the session's";
    EXPECT_EQ(h.s.in_flight(), 0u);

    h.receive(sm_resp(command_id::submit_sm, 2));
    EXPECT_EQ(h.events(), lines{"unexpected_response #2"}) << "a late answer is not counted twice";
}

// ---- sequence numbers -----------------------------------------------------------------------

TEST(Sequence, OutgoingRequestsGetIncreasingUniqueNumbers) {
    auto h = esme({.response_timeout = 1h, .enquire_link_interval = 30s});
    h.s.bind(bind_type::transceiver, {.system_id = "esme1"}, h.now);
    h.receive(bind_resp(bind_type::transceiver, 1));
    h.send_submit();
    h.send_submit();
    h.at(30s);  // keepalive
    h.send_submit();
    h.s.unbind(h.now);

    EXPECT_EQ(h.sent(), (lines{"bind_transceiver #1", "submit_sm #2", "submit_sm #3", "enquire_link #4",
                               "submit_sm #5", "unbind #6"}));
}

TEST(Sequence, ResponsesEchoThePeersNumbersWithoutUsingOurs) {
    auto h = bound_esme();
    h.receive(header(command_id::enquire_link, 500));
    EXPECT_EQ(h.send_submit().sequence, 2u);
    EXPECT_EQ(h.sent(), (lines{"enquire_link_resp #500", "submit_sm #2"}));
}

// ---- transport and close --------------------------------------------------------------------

TEST(Transport, PeerClosingABoundSessionEndsIt) {
    auto h = bound_esme();
    h.send_submit();
    h.drain();

    h.s.on_transport_closed(close_reason::peer_closed);
    EXPECT_EQ(h.events(), lines{"closing peer_closed"});
    EXPECT_EQ(h.s.state(), session_state::closed);
    EXPECT_EQ(h.s.reason(), close_reason::peer_closed);
    EXPECT_EQ(h.s.in_flight(), 0u);
    EXPECT_EQ(h.s.next_deadline(), std::nullopt);
}

TEST(Transport, ReasonStaysUnboundAfterACleanUnbind) {
    auto h = bound_esme();
    h.s.unbind(h.now);
    h.receive(header(command_id::unbind_resp, 2));
    h.drain();

    h.s.on_transport_closed(close_reason::peer_closed);
    EXPECT_EQ(h.s.reason(), close_reason::unbound);
    EXPECT_EQ(h.s.state(), session_state::closed);
    EXPECT_EQ(h.events(), lines{}) << "closing is reported once";
}

TEST(Transport, FeedAfterClosingConsumesEverythingAndSendsNothing) {
    auto h = bound_mc();
    h.receive(header(command_id::unbind, 2));
    h.drain();
    ASSERT_TRUE(h.s.closing());

    const auto full = concat(wire(header(command_id::enquire_link, 3)), wire(submit(4)));
    const auto bytes = concat(full, byte_buffer(full.begin(), full.begin() + 7));  // and a partial one
    EXPECT_EQ(h.feed(bytes), bytes.size());
    EXPECT_EQ(h.sent(), lines{});
    EXPECT_EQ(h.events(), lines{});
}

TEST(Transport, PdusAfterAnUnbindInTheSameFeedAreNotAnswered) {
    auto h = bound_mc();
    const auto bytes = concat(wire(header(command_id::unbind, 2)), wire(header(command_id::enquire_link, 3)));
    EXPECT_EQ(h.feed(bytes), bytes.size());
    EXPECT_EQ(h.sent(), lines{"unbind_resp #2"});
}

TEST(Transport, TimerAndCommandsAfterClosingDoNothing) {
    auto h = bound_esme();
    h.s.close(close_reason::forced);
    EXPECT_EQ(h.events(), lines{"closing forced"});

    h.at(1h);
    h.s.unbind(h.now);
    EXPECT_EQ(h.send_submit().status, command_status::invalid_bind_status);
    EXPECT_EQ(h.sent(), lines{});
    EXPECT_EQ(h.events(), lines{});
}

// ---- outbind --------------------------------------------------------------------------------

// outbind has no response (Table 5-1), so nothing can ever answer it: it must not wait in the
// pending table, count against the window or time out.
TEST(Outbind, McSendsOutbindWithoutAwaitingAResponse) {
    auto h = mc({.bind_timeout = 60s, .response_timeout = 10s});
    const auto out = h.s.send_request(command_id::outbind, outbind_body{"SMSC", "pw"}, h.now);
    EXPECT_TRUE(out.ok());
    EXPECT_EQ(h.sent(), lines{"outbind #1"});
    EXPECT_EQ(h.s.in_flight(), 0u);

    h.at(10s);
    EXPECT_EQ(h.events(), lines{});
}

// ---- alert_notification and data_sm ------------------------------------------------------------

alert_notification_body alert() { return {.source_addr = "447700900123", .esme_addr = "esme1"}; }

// Like outbind, alert_notification is never answered (§4.12): waiting for a response would
// only end in a timeout.
TEST(AlertNotification, McSendsItWithoutAwaitingAResponse) {
    auto h = bound_mc(bind_type::receiver, {.response_timeout = 10s});
    const auto out = h.s.send_request(command_id::alert_notification, alert(), h.now);
    EXPECT_TRUE(out.ok());
    EXPECT_EQ(h.sent(), lines{"alert_notification #1"});
    EXPECT_EQ(h.s.in_flight(), 0u);
    h.at(10s);
    EXPECT_EQ(h.events(), lines{});
}

TEST(AlertNotification, EsmeHandsItToTheApplication) {
    auto h = bound_esme(bind_type::receiver);
    h.receive({command_id::alert_notification, command_status::ok, 7, alert()});
    EXPECT_EQ(h.events(), lines{"request_received #7"});
    EXPECT_EQ(h.sent(), lines{});
}

// A broken alert_notification has no _resp to carry the error: generic_nack does.
TEST(AlertNotification, MalformedOneIsAnsweredWithGenericNack) {
    auto h = bound_esme(bind_type::receiver);
    const auto frame = raw_frame(static_cast<std::uint32_t>(command_id::alert_notification), 7, "\x01\x01"sv);
    EXPECT_EQ(h.feed(frame), frame.size());
    EXPECT_EQ(h.sent(), lines{"generic_nack #7 ESME_RINVCMDLEN"});
    EXPECT_FALSE(h.s.closing());
}

TEST(AlertNotification, EsmeBoundAsTransmitterRefusesIt) {
    auto h = bound_esme(bind_type::transmitter);
    h.receive({command_id::alert_notification, command_status::ok, 7, alert()});
    EXPECT_EQ(h.sent(), lines{"generic_nack #7 ESME_RINVBNDSTS"});
}

TEST(DataSm, TravelsBothWaysOverATransceiver) {
    auto h = bound_esme();
    EXPECT_TRUE(h.s.send_request(command_id::data_sm, data_sm_body{.destination_addr = "2000"}, h.now).ok());
    EXPECT_EQ(h.sent(), lines{"data_sm #2"});
    EXPECT_EQ(h.s.in_flight(), 1u);
    h.receive({command_id::data_sm_resp, command_status::ok, 2, data_sm_resp_body{"m1"}});
    EXPECT_EQ(h.events(), lines{"response_received #2 data_sm"});

    h.receive({command_id::data_sm, command_status::ok, 9, data_sm_body{.source_addr = "2000"}});
    const auto request = h.take_events().at(0).message;
    EXPECT_EQ(h.s.respond(request, command_status::ok, data_sm_resp_body{}), command_status::ok);
    EXPECT_EQ(h.sent(), lines{"data_sm_resp #9"});
}

// An application that adds no body still answers every request correctly: each _resp that has a
// body gets an empty one of its type, header-only ones stay header-only.
TEST(Respond, EveryRequestTheMcReceivesHasADefaultAnswer) {
    auto h = bound_mc();
    const pdu requests[] = {
        submit(2),
        {command_id::submit_multi, command_status::ok, 3,
         submit_multi_body{.dest_addresses = {sme_address{1, 1, "2000"}}, .short_message = "hi"}},
        {command_id::data_sm, command_status::ok, 4, data_sm_body{.destination_addr = "2000"}},
        {command_id::query_sm, command_status::ok, 5, query_sm_body{.message_id = "m5"}},
        {command_id::cancel_sm, command_status::ok, 6, cancel_sm_body{.message_id = "m6"}},
        {command_id::replace_sm, command_status::ok, 7, replace_sm_body{.message_id = "m7"}},
    };
    for (const auto& r : requests) h.receive(r);
    const auto events = h.take_events();
    ASSERT_EQ(events.size(), std::size(requests));
    for (const auto& e : events) EXPECT_EQ(h.s.respond(e.message, command_status::ok), command_status::ok);
    const auto sent = h.sent_pdus();
    EXPECT_EQ(describe(sent), (lines{"submit_sm_resp #2", "submit_multi_resp #3", "data_sm_resp #4",
                                     "query_sm_resp #5", "cancel_sm_resp #6", "replace_sm_resp #7"}));
    ASSERT_EQ(sent.size(), 6u);
    const auto& query = std::get<query_sm_resp_body>(sent[3].body);
    EXPECT_EQ(query.message_id, "m5");
    EXPECT_EQ(query.message_state, static_cast<std::uint8_t>(message_state::unknown));
}

}  // namespace

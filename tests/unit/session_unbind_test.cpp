// Unbinding, initiated here and by the peer.
#include "session_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::session_test;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

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

}  // namespace

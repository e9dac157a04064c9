// The transport closing, outbind, alert_notification, data_sm and default answers.
#include "session_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::session_test;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

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

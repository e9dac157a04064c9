// Requests and responses in and out of state, malformed and partial input.
#include "session_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::session_test;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

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

}  // namespace

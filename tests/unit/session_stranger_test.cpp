// The MC's session before a peer has bound: it accepts only what a bind can be, answers a
// stranger's chatter for a handful of PDUs and then closes, and refusals carry the MC's
// system_id (issue #12, "Holes found by independent tests").
#include "session_support.hpp"

namespace {

using namespace smpp::session_test;

constexpr auto bind_id = static_cast<std::uint32_t>(command_id::bind_transceiver);

// The largest bind SMPP 3.4 allows (§4.1.1): every C-string at its limit.
byte_buffer largest_bind(std::uint32_t sequence) {
    std::string body = std::string(15, 's') + '\0' + std::string(8, 'p') + '\0' + std::string(12, 't') + '\0' +
                       "\x34\x01\x01" + std::string(40, '9') + '\0';
    return raw_frame(bind_id, sequence, body);
}

TEST(McBeforeBind, TheLargestLegalBindIsTaken) {
    auto h = mc();
    const auto frame = largest_bind(1);
    EXPECT_EQ(frame.size(), max_bind_size);
    EXPECT_EQ(h.feed(frame), frame.size());
    EXPECT_EQ(h.events(), lines{"bind_requested #1"});
    EXPECT_FALSE(h.s.closing());
}

TEST(McBeforeBind, ACommandLengthNoBindCanHaveIsRefusedAndCloses) {
    auto h = mc();
    // The header of a 64 KiB "bind": before the fix the session waited for all of it.
    const auto frame = raw_frame(bind_id, 5, {}, static_cast<std::uint32_t>(max_bind_size + 1));
    h.feed(frame);
    EXPECT_EQ(h.sent(), lines{"generic_nack #5 ESME_RINVCMDLEN"});
    EXPECT_EQ(h.events(), (lines{"rejected_input #5 ESME_RINVCMDLEN", "closing protocol_error"}));
}

TEST(McBeforeBind, OnceBoundTheUsualLimitApplies) {
    auto h = bound_mc();
    auto big = submit(2);
    std::get<sm_body>(big.body).short_message = std::string(200, 'x');
    const auto bytes = wire(big);
    ASSERT_GT(bytes.size(), max_bind_size);
    EXPECT_EQ(h.feed(bytes), bytes.size());
    EXPECT_EQ(h.events(), lines{"request_received #2"});
}

TEST(McBeforeBind, AStrangerThatSendsNoBindIsClosedAfterAHandful) {
    auto h = mc();
    for (std::uint32_t i = 1; i <= max_unbound_pdus; ++i) h.receive(header(command_id::enquire_link_resp, i));
    EXPECT_FALSE(h.s.closing()) << "a handful is tolerated";
    h.drain();
    h.receive(header(command_id::enquire_link_resp, 99));
    EXPECT_EQ(h.events(), (lines{"unexpected_response #99", "closing protocol_error"}));
}

TEST(McBeforeBind, EnquireLinksCountToo) {
    auto h = mc();
    for (std::uint32_t i = 1; i <= max_unbound_pdus + 1; ++i) h.receive(header(command_id::enquire_link, i));
    EXPECT_TRUE(h.s.closing());
}

TEST(McBeforeBind, ABindAfterAFewPdusStillBinds) {
    auto h = mc();
    for (std::uint32_t i = 1; i < max_unbound_pdus; ++i) h.receive(header(command_id::enquire_link, i));
    h.receive(bind_request(bind_type::transceiver, 50));
    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now));
    h.drain();
    for (std::uint32_t i = 51; i < 51 + 2 * max_unbound_pdus; ++i) h.receive(header(command_id::enquire_link, i));
    EXPECT_FALSE(h.s.closing()) << "a bound peer may keep links alive as it likes";
}

TEST(McBeforeBind, RepeatedWrongBindsAreNotCountedAsChatter) {
    auto h = mc();
    for (std::uint32_t i = 1; i <= 2 * max_unbound_pdus; ++i) {
        h.receive(bind_request(bind_type::transceiver, i));
        EXPECT_TRUE(h.s.reject_bind(command_status::invalid_password, "SMSC"));
    }
    EXPECT_FALSE(h.s.closing()) << "failed binds are the admission brake's business";
}

TEST(McBeforeBind, ARefusalCarriesTheMcSystemId) {
    auto h = mc();
    h.receive(bind_request(bind_type::receiver, 4));
    h.drain();
    EXPECT_TRUE(h.s.reject_bind(command_status::invalid_password, "SMSC"));
    const auto sent = h.sent_pdus();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0].status, command_status::invalid_password);
    const auto* body = std::get_if<bind_resp_body>(&sent[0].body);
    ASSERT_NE(body, nullptr) << "Kannel and libsmpp34 expect a system_id";
    EXPECT_EQ(body->system_id, "SMSC");
}

// Pipelined: a bind awaiting its verdict holds back what follows, so answers leave in the order
// the requests came.
TEST(McBeforeBind, FeedStopsAfterABindUntilItsVerdict) {
    auto h = mc();
    auto wrong = bind_request(bind_type::transceiver, 1);
    const auto bytes = concat(concat(wire(wrong), wire(bind_request(bind_type::transceiver, 2))), wire(submit(3)));
    std::size_t used = h.feed(bytes);
    EXPECT_EQ(used, wire(wrong).size());
    EXPECT_TRUE(h.s.reject_bind(command_status::invalid_password, "SMSC"));
    used += h.feed(std::span(bytes).subspan(used));
    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now));
    used += h.feed(std::span(bytes).subspan(used));
    EXPECT_EQ(used, bytes.size());
    EXPECT_EQ(h.sent(), (lines{"bind_transceiver_resp #1 ESME_RINVPASWD", "bind_transceiver_resp #2"}));
    EXPECT_EQ(h.events(), (lines{"bind_requested #1", "bind_requested #2", "bound #2", "request_received #3"}));
}

// Our unbind answered by an unbind_resp that answers nothing, then the peer hangs up: the
// unbind went unanswered (exit 4), the connection was not lost (exit 5).
TEST(UnbindSent, AStrayUnbindRespThenAHangUpIsAnUnansweredUnbind) {
    auto h = bound_esme();
    h.s.unbind(h.now);
    h.drain();
    h.receive(header(command_id::unbind_resp, 77));
    EXPECT_EQ(h.events(), lines{"unexpected_response #77"});
    h.s.on_transport_closed(close_reason::peer_closed);
    EXPECT_EQ(h.s.reason(), close_reason::unbind_timeout);
}

// The MC unbinding a client that hangs up meanwhile (a shutdown racing a client's close) has
// not been left unanswered: it lost the connection, as before.
TEST(UnbindSent, AHangUpWithoutAStrayUnbindRespIsStillPeerClosed) {
    auto h = bound_mc();
    h.s.unbind(h.now);
    h.drain();
    h.s.on_transport_closed(close_reason::peer_closed);
    EXPECT_EQ(h.s.reason(), close_reason::peer_closed);
}

}  // namespace

// Keepalive, inactivity, the window and response timeouts, sequence numbers.
#include "session_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::session_test;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

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

}  // namespace

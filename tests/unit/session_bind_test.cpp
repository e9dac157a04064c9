// Binding, from both sides.
#include "session_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::session_test;
using namespace std::chrono_literals;
using namespace std::string_view_literals;

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

TEST(McBind, RejectSendsBindRespWithTheStatusAndTheMcSystemId) {
    auto h = mc();
    h.receive(bind_request(bind_type::transmitter, 4));
    h.drain();

    EXPECT_TRUE(h.s.reject_bind(command_status::invalid_password, "SMSC"));
    EXPECT_EQ(h.s.outbox().size(), header_size + 5) << "the body is system_id only: peers that want none ignore it";
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

TEST(McBind, SecondBindWhileTheFirstAwaitsAVerdictWaitsAndIsAlreadyBound) {
    auto h = mc();
    h.receive(bind_request(bind_type::transceiver, 1));
    h.drain();
    const auto second = wire(bind_request(bind_type::receiver, 2));
    EXPECT_EQ(h.feed(second), 0u) << "read once the first is answered, so the answers keep their order";
    EXPECT_TRUE(h.s.accept_bind("SMSC", h.now)) << "the first bind is still answerable";
    EXPECT_EQ(h.feed(second), second.size());
    EXPECT_EQ(h.sent(), (lines{"bind_transceiver_resp #1", "bind_receiver_resp #2 ESME_RALYBND"}));
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

}  // namespace

// smpp-mc's memory of the messages it accepted, over a raw socket: query_sm before and after
// the receipt, cancel_sm and replace_sm of ENROUTE messages and their failures once delivered,
// data_sm and submit_multi, and failed deliveries with their receipts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.hpp"
#include "mc_script.hpp"

namespace smpp::test {
namespace {

// Long enough that a request sent right after the submit_sm_resp arrives while the message is
// ENROUTE: a loopback round trip takes well under a millisecond.
constexpr auto enroute_window = 1000ms;

const std::string sender = "447700900001";
const std::string recipient = "447700900002";

// Sends a request and returns the MC's answer to it, which must come next.
std::optional<pdu> ask(raw_esme& esme, command_id id, pdu_body body) {
    const pdu request{id, command_status::ok, esme.next_sequence(), std::move(body)};
    esme.send(request);
    auto resp = expect_pdu(esme, response_of(id));
    if (resp) {
        EXPECT_EQ(resp->sequence, request.sequence);
    }
    return resp;
}

std::string submit(raw_esme& esme, sm_body body) {
    const auto request = esme.submit(std::move(body));
    esme.send(request);
    return accepted_id(expect_pdu(esme, command_id::submit_sm_resp), request.sequence);
}

std::optional<query_sm_resp_body> query(raw_esme& esme, const std::string& id, const std::string& source = sender) {
    const auto resp = ask(esme, command_id::query_sm, query_sm_body{.message_id = id, .source_addr = source});
    if (!resp || resp->status != command_status::ok) return std::nullopt;
    return std::get<query_sm_resp_body>(resp->body);
}

std::optional<command_status> cancel(raw_esme& esme, const std::string& id) {
    const auto resp = ask(esme, command_id::cancel_sm, cancel_sm_body{.message_id = id, .source_addr = sender});
    return resp ? std::optional(resp->status) : std::nullopt;
}

std::optional<command_status> replace(raw_esme& esme, const std::string& id, std::string text) {
    const auto resp = ask(esme, command_id::replace_sm,
                          replace_sm_body{.message_id = id, .source_addr = sender, .registered_delivery = 1,
                                          .short_message = std::move(text)});
    return resp ? std::optional(resp->status) : std::nullopt;
}

// The next receipt, answered; its body.
std::optional<sm_body> receipt(raw_esme& esme, std::chrono::milliseconds deadline = 5s) {
    const auto p = expect_pdu(esme, command_id::deliver_sm, deadline);
    if (!p) return std::nullopt;
    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, p->sequence, sm_resp_body{}});
    return std::get<sm_body>(p->body);
}

std::string receipted_id(const sm_body& r) {
    const auto id = get_cstring(r.tlvs, tag::receipted_message_id);
    return id ? std::string(*id) : std::string{};
}

constexpr auto enroute = static_cast<std::uint8_t>(message_state::enroute);
constexpr auto delivered = static_cast<std::uint8_t>(message_state::delivered);
constexpr auto deleted = static_cast<std::uint8_t>(message_state::deleted);

struct bound_mc {
    explicit bound_mc(mc_options o = {}) : mc(std::move(o)), esme(mc.port()) {
        EXPECT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    }
    event_log log;
    running_mc mc;
    raw_esme esme;
};

mc_options delivering_after(std::chrono::milliseconds delay) {
    mc_options o;
    o.receipt_delay = delay;
    return o;
}

TEST(McStore, QueryIsEnrouteUntilTheReceiptThenDelivered) {
    bound_mc t(delivering_after(300ms));
    const auto id = submit(t.esme, a_message("query me", 0x01));
    ASSERT_FALSE(id.empty());
    const auto before = query(t.esme, id);
    ASSERT_TRUE(before);
    EXPECT_EQ(*before, (query_sm_resp_body{id, "", enroute, 0}));

    const auto r = receipt(t.esme);
    ASSERT_TRUE(r);
    EXPECT_EQ(receipted_id(*r), id);
    const auto after = query(t.esme, id);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->message_state, delivered);
    EXPECT_EQ(after->final_date.size(), 16u);
    EXPECT_TRUE(after->final_date.ends_with("00+")) << after->final_date;
    EXPECT_EQ(after->error_code, 0);
}

TEST(McStore, AScheduledMessageWaitsForItsTimeAndCanBeCancelledMeanwhile) {
    bound_mc t;  // no --receipt-delay-ms: only the schedule holds the messages back
    auto later = a_message("later", 0x01);
    later.schedule_delivery_time = "000000000001000R";  // one second after submission
    const auto submitted_at = clock_type::now();
    const auto id = submit(t.esme, later);
    const auto cancelled = submit(t.esme, later);
    const auto q = query(t.esme, id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->message_state, enroute);
    EXPECT_EQ(cancel(t.esme, cancelled), command_status::ok);

    const auto r = receipt(t.esme);
    ASSERT_TRUE(r);
    EXPECT_GE(clock_type::now() - submitted_at, 950ms) << "delivered before its schedule";
    EXPECT_EQ(receipted_id(*r), id);
    EXPECT_FALSE(t.esme.receive(300ms)) << "the cancelled message was delivered after all";
}

TEST(McStore, AReplaceThatMovesTheScheduleEarlierIsDeliveredAtTheNewTime) {
    bound_mc t;
    auto in_an_hour = a_message("later", 0x01);
    in_an_hour.schedule_delivery_time = "000000010000000R";
    const auto id = submit(t.esme, in_an_hour);
    const auto resp = ask(t.esme, command_id::replace_sm,
                          replace_sm_body{.message_id = id, .source_addr = sender,
                                          .schedule_delivery_time = "000000000001000R",  // 1 s after submission
                                          .registered_delivery = 1, .short_message = "sooner"});
    ASSERT_TRUE(resp);
    ASSERT_EQ(resp->status, command_status::ok);
    const auto r = receipt(t.esme);
    ASSERT_TRUE(r) << "still held for the old schedule";
    EXPECT_EQ(receipted_id(*r), id);
}

TEST(McStore, SmppEsmeSendsTheScheduleItIsGiven) {
    event_log log;
    running_mc mc;
    auto o = esme_for(mc.port(), 1);
    const outgoing_message in_an_hour{.from = sender, .to = recipient, .text = "later", .registered_delivery = 1,
                                      .schedule_delivery_time = "000000010000000R",
                                      .validity_period = "000001000000000R"};
    o.messages.assign(2, in_an_hour);
    running_esme esme(o);
    ASSERT_EQ(esme.wait(10s), esme_exit::ok);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 2u) << "both were still waiting for their hour";
}

TEST(McStore, QueryOfAnUnknownIdOrFromAnotherSenderFails) {
    bound_mc t;
    const auto id = submit(t.esme, a_message("mine"));
    auto resp = ask(t.esme, command_id::query_sm, query_sm_body{.message_id = "feedbeef", .source_addr = sender});
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status, command_status::query_failed);
    resp = ask(t.esme, command_id::query_sm, query_sm_body{.message_id = id, .source_addr = "447700900999"});
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status, command_status::query_failed);
}

TEST(McStore, CancelledMessageIsDeletedAndGetsNoReceipt) {
    bound_mc t(delivering_after(enroute_window));
    const auto cancelled = submit(t.esme, a_message("cancel me", 0x01));
    EXPECT_EQ(cancel(t.esme, cancelled), command_status::ok);
    const auto q = query(t.esme, cancelled);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->message_state, deleted);
    EXPECT_EQ(q->final_date.size(), 16u);
    EXPECT_EQ(cancel(t.esme, cancelled), command_status::cancel_failed);  // final now

    // Deliveries keep their order: the next message's receipt is the first to come.
    const auto kept = submit(t.esme, a_message("keep me", 0x01));
    const auto r = receipt(t.esme);
    ASSERT_TRUE(r);
    EXPECT_EQ(receipted_id(*r), kept);
}

TEST(McStore, CancelOfADeliveredOrUnknownMessageFails) {
    bound_mc t;
    const auto id = submit(t.esme, a_message("too late", 0x01));
    ASSERT_TRUE(receipt(t.esme));
    EXPECT_EQ(cancel(t.esme, id), command_status::cancel_failed);
    EXPECT_EQ(cancel(t.esme, "feedbeef"), command_status::cancel_failed);
    EXPECT_EQ(query(t.esme, id)->message_state, delivered);
}

TEST(McStore, CancelByDestinationTakesEveryEnrouteMessage) {
    bound_mc t(delivering_after(enroute_window));
    const auto a = submit(t.esme, a_message("one"));
    const auto b = submit(t.esme, a_message("two"));
    const auto resp = ask(t.esme, command_id::cancel_sm,
                          cancel_sm_body{.source_addr = sender, .destination_addr = recipient});
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status, command_status::ok);
    EXPECT_EQ(query(t.esme, a)->message_state, deleted);
    EXPECT_EQ(query(t.esme, b)->message_state, deleted);
}

TEST(McStore, ReplacedTextIsWhatTheReceiptQuotes) {
    bound_mc t(delivering_after(enroute_window));
    const auto id = submit(t.esme, a_message("old text", 0x01));
    EXPECT_EQ(replace(t.esme, id, "new text"), command_status::ok);
    const auto r = receipt(t.esme);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->short_message.ends_with("stat:DELIVRD err:000 text:new text")) << r->short_message;
    EXPECT_EQ(replace(t.esme, id, "too late"), command_status::replace_failed);
    EXPECT_EQ(replace(t.esme, "feedbeef", "unknown"), command_status::replace_failed);
}

TEST(McStore, DataSmIsAnsweredWithAMessageIdAndAReceipt) {
    bound_mc t;
    data_sm_body data{.source_addr_ton = 1, .source_addr_npi = 1, .source_addr = sender,
                      .dest_addr_ton = 1, .dest_addr_npi = 1, .destination_addr = recipient,
                      .registered_delivery = 1, .tlvs = {{tag::message_payload, "data payload"}}};
    const auto resp = ask(t.esme, command_id::data_sm, data);
    ASSERT_TRUE(resp);
    ASSERT_EQ(resp->status, command_status::ok);
    const auto id = std::get<data_sm_resp_body>(resp->body).message_id;
    EXPECT_FALSE(id.empty());
    const auto r = receipt(t.esme);
    ASSERT_TRUE(r);
    EXPECT_EQ(receipted_id(*r), id);
    EXPECT_TRUE(r->short_message.ends_with("text:data payload")) << r->short_message;
    EXPECT_EQ(query(t.esme, id)->message_state, delivered);
}

TEST(McStore, SubmitMultiListsRefusedDestinationsAndReceiptsTheOthers) {
    mc_options o;
    o.reject_ratio = 0.5;  // every second destination
    bound_mc t(o);
    submit_multi_body multi{.source_addr_ton = 1, .source_addr_npi = 1, .source_addr = sender,
                            .dest_addresses = {sme_address{1, 1, "447700900011"}, sme_address{1, 1, "447700900012"},
                                               sme_address{1, 1, "447700900013"}},
                            .registered_delivery = 1, .short_message = "to three"};
    const auto resp = ask(t.esme, command_id::submit_multi, multi);
    ASSERT_TRUE(resp);
    ASSERT_EQ(resp->status, command_status::ok);
    const auto& body = std::get<submit_multi_resp_body>(resp->body);
    EXPECT_FALSE(body.message_id.empty());
    EXPECT_EQ(body.unsuccess_smes, (std::vector<unsuccess_sme>{{1, 1, "447700900012", command_status::system_error}}));
    std::vector<std::string> from;
    for (int i = 0; i < 2; ++i) {
        const auto r = receipt(t.esme);
        ASSERT_TRUE(r);
        EXPECT_EQ(receipted_id(*r), body.message_id);
        from.push_back(r->source_addr);
    }
    EXPECT_EQ(from, (std::vector<std::string>{"447700900011", "447700900013"}));
}

TEST(McStore, FailedDeliveriesGiveTheFailStateInReceiptAndQuery) {
    mc_options o;
    o.receipt_fail_ratio = 0.5;
    o.receipt_fail_state = message_state::rejected;
    o.receipt_fail_error = 11;
    bound_mc t(o);
    const auto ok_id = submit(t.esme, a_message("fine", 0x01));
    const auto good = receipt(t.esme);
    const auto failed_id = submit(t.esme, a_message("doomed", 0x01));
    const auto bad = receipt(t.esme);
    ASSERT_TRUE(good && bad);
    EXPECT_EQ(receipted_id(*good), ok_id);
    EXPECT_EQ(receipted_id(*bad), failed_id);
    EXPECT_NE(good->short_message.find("dlvrd:001"), std::string::npos) << good->short_message;
    EXPECT_EQ(get_network_error_code(good->tlvs), std::nullopt);
    EXPECT_NE(bad->short_message.find("dlvrd:000"), std::string::npos) << bad->short_message;
    EXPECT_NE(bad->short_message.find("stat:REJECTD err:011 text:doomed"), std::string::npos) << bad->short_message;
    EXPECT_EQ(get_message_state(bad->tlvs), message_state::rejected);
    EXPECT_EQ(get_network_error_code(bad->tlvs), (network_error{3, 11}));

    const auto q = query(t.esme, failed_id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->message_state, static_cast<std::uint8_t>(message_state::rejected));
    EXPECT_EQ(q->error_code, 11);
}

TEST(McStore, EnrouteMessagesAtShutdownCountAsUndeliveredReceipts) {
    bound_mc t(delivering_after(std::chrono::milliseconds(60'000)));
    submit(t.esme, a_message("never delivered", 0x01));
    submit(t.esme, a_message("no receipt asked", 0x00));
    t.mc.stop();
    answer_unbind(t.esme);
    EXPECT_EQ(t.mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(t.log), 1u);
}

TEST(McStore, ResponsesThatCanNoLongerGoOutAreLogged) {
    mc_options o;
    o.response_delay = 300ms;
    bound_mc t(o);
    // The unbind is answered at once and the session closes while the submit_sm_resp waits.
    t.esme.send({t.esme.submit(a_message("orphan")), make_header_only(command_id::unbind, t.esme.next_sequence())});
    EXPECT_TRUE(expect_pdu(t.esme, command_id::unbind_resp));
    EXPECT_TRUE(t.log.wait_for("mc", "response_failed", 1));
}

}  // namespace
}  // namespace smpp::test

// What the MC does with the answers to its deliver_sm, scripted on a raw socket: a temporary
// error is retried after the back-off, a permanent one dropped and counted; and the receipts
// it sends: an intermediate notification before the final receipt, every --receipt-format.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "harness.hpp"
#include "mc_script.hpp"
#include "smpp/mc/receipt.hpp"

namespace smpp::test {
namespace {

const logged* find_event(const std::vector<logged>&& events, const std::string& name) = delete;
const logged* find_event(const std::vector<logged>& events, const std::string& name) {
    for (const auto& e : events)
        if (e.role == "mc" && e.event == name) return &e;
    return nullptr;
}

void answer(raw_esme& esme, const pdu& deliver, command_status status) {
    esme.send(pdu{command_id::deliver_sm_resp, status, deliver.sequence, sm_resp_body{}});
}

mc_options one_mo(std::chrono::milliseconds retry_after) {
    mc_options o;
    o.mo_script = {{.system_id = "sid1", .from = "1", .to = "2", .text = "try me"}};
    o.deliver_retry.first = retry_after;
    return o;
}

TEST(McMoAnswers, TemporaryErrorIsRetriedAfterTheBackOff) {
    event_log log(log::level::debug);
    running_mc mc(one_mo(200ms));
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_receiver, "sid1"), command_status::ok);
    const auto first = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(first);
    const auto refused_at = clock_type::now();
    answer(esme, *first, command_status::x_temp_app_error);
    const auto again = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(again);
    EXPECT_GE(clock_type::now() - refused_at, 190ms);
    EXPECT_NE(again->sequence, first->sequence);
    EXPECT_EQ(std::get<sm_body>(again->body).short_message, "try me");
    answer(esme, *again, command_status::ok);
    EXPECT_TRUE(log.wait_for("mc", "deliver_retry", 1));

    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    const auto events = log.snapshot();
    const auto* summary = find_event(events, "mo_summary");
    ASSERT_NE(summary, nullptr);
    EXPECT_EQ(summary->msg, "MO: 1 made, 1 acknowledged, 1 retried after a temporary error");
    EXPECT_EQ(find_event(events, "mo_undelivered"), nullptr);
}

TEST(McMoAnswers, PermanentErrorIsDroppedAndCounted) {
    event_log log;
    running_mc mc(one_mo(10ms));
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    const auto mo = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(mo);
    answer(esme, *mo, command_status::x_perm_app_error);
    // A retry would come before the unbind: the drain waits for retries that are due.
    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    const auto events = log.snapshot();
    const auto* lost = find_event(events, "mo_undelivered");
    ASSERT_NE(lost, nullptr);
    EXPECT_TRUE(lost->msg.starts_with("count=1 MO never acknowledged: 1 refused, 0 unanswered")) << lost->msg;
}

TEST(McMoAnswers, UndeliveredMoAreLoggedAtShutdown) {
    event_log log;
    running_mc mc(one_mo(10ms));  // for sid1, which never binds
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "sid1"), command_status::ok);
    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    const auto events = log.snapshot();
    const auto* lost = find_event(events, "mo_undelivered");
    ASSERT_NE(lost, nullptr);
    EXPECT_NE(lost->msg.find("1 waiting for a receiver to bind"), std::string::npos) << lost->msg;
}

TEST(McReceipts, IntermediateNotificationComesBeforeTheFinalReceipt) {
    mc_options o;
    o.receipt_delay = 100ms;
    running_mc mc(o);
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    const auto submit = esme.submit(a_message("kannel style", 0x11));
    esme.send(submit);
    const auto id = accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);
    const auto note = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(note);
    const auto& n = std::get<sm_body>(note->body);
    EXPECT_EQ(n.esm_class, 0x20);
    EXPECT_EQ(get_message_state(n.tlvs), message_state::enroute);
    EXPECT_EQ(get_cstring(n.tlvs, tag::receipted_message_id), id);
    EXPECT_NE(n.short_message.find(" stat:ENROUTE "), std::string::npos) << n.short_message;
    answer(esme, *note, command_status::ok);
    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    const auto& r = std::get<sm_body>(receipt->body);
    EXPECT_EQ(r.esm_class, 0x04);
    EXPECT_EQ(get_message_state(r.tlvs), message_state::delivered);
    answer(esme, *receipt, command_status::ok);
    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// The receipt of one message under `format`, and the message_id its submit_sm_resp gave.
std::pair<sm_body, std::string> receipt_in(mc::receipt_format format) {
    mc_options o;
    o.receipt_format = format;
    running_mc mc(o);
    raw_esme esme(mc.port());
    EXPECT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    const auto submit = esme.submit(a_message("format check", 0x01));
    esme.send(submit);
    const auto id = accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);
    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    if (!receipt) return {};
    answer(esme, *receipt, command_status::ok);
    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    return {std::get<sm_body>(receipt->body), id};
}

const std::string date10 = "[0-9]{10}";
const std::string date12 = "[0-9]{12}";

std::string text_pattern(const std::string& id, const std::string& sub, const std::string& date, const std::string& err) {
    return "id:" + id + sub + " submit date:" + date + " done date:" + date + " stat:DELIVRD err:" + err +
           " text:format check";
}

void expect_tlvs(const sm_body& r, const std::string& id) {
    EXPECT_EQ(get_cstring(r.tlvs, tag::receipted_message_id), id);
    EXPECT_EQ(get_message_state(r.tlvs), message_state::delivered);
}

TEST(McReceipts, EveryReceiptFormatIsProduced) {
    const std::string sub = " sub:001 dlvrd:001";
    for (const auto f : {mc::receipt_format::standard, mc::receipt_format::seconds, mc::receipt_format::no_sub,
                         mc::receipt_format::err4, mc::receipt_format::decimal_id, mc::receipt_format::tlv_only,
                         mc::receipt_format::text_only}) {
        SCOPED_TRACE(std::string(mc::name_of(f)));
        const auto [r, id] = receipt_in(f);
        ASSERT_FALSE(id.empty());
        // The MC's ids are hex: decimal-id gives their value in decimal.
        ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
        const auto decimal = std::to_string(std::stoull(id, nullptr, 16));
        std::string expected;
        switch (f) {
            case mc::receipt_format::standard:
            case mc::receipt_format::text_only: expected = text_pattern(id, sub, date10, "000"); break;
            case mc::receipt_format::seconds: expected = text_pattern(id, sub, date12, "000"); break;
            case mc::receipt_format::no_sub: expected = text_pattern(id, "", date10, "000"); break;
            case mc::receipt_format::err4: expected = text_pattern(id, sub, date10, "0000"); break;
            case mc::receipt_format::decimal_id: expected = text_pattern(decimal, sub, date10, "000"); break;
            case mc::receipt_format::tlv_only: break;
        }
        EXPECT_TRUE(std::regex_match(r.short_message, std::regex(expected))) << r.short_message << " vs " << expected;
        if (f == mc::receipt_format::text_only)
            EXPECT_TRUE(r.tlvs.empty());
        else
            expect_tlvs(r, id);
    }
}

}  // namespace
}  // namespace smpp::test

// The receipt variants of --receipt-format, byte for byte, and the intermediate notification
// that registered_delivery bit 4 asks for.
#include <gtest/gtest.h>

#include <string>

#include "mc_support.hpp"
#include "smpp/mc/receipt.hpp"

namespace {

using namespace smpp;
using namespace std::chrono;
using namespace std::chrono_literals;

// 2024-02-29 13:05:59 UTC and four minutes later.
const system_clock::time_point submitted = sys_days{2024y / February / 29} + 13h + 5min + 59s;
const system_clock::time_point done = submitted + 4min;
const std::string original = "Hello, this text is longer than twenty octets";

mc::receipt_facts facts_in(mc::receipt_format f) {
    return {.message_id = "1a2b", .submitted = submitted, .done = done, .text = original, .format = f};
}

const sme_address submitter{1, 1, "447700900001"};
const sme_address recipient{1, 1, "447700900002"};

TEST(ReceiptFormat, EachVariantsText) {
    using enum mc::receipt_format;
    const std::string tail = " stat:DELIVRD err:000 text:Hello, this text is ";
    EXPECT_EQ(mc::receipt_text(facts_in(standard)),
              "id:1a2b sub:001 dlvrd:001 submit date:2402291305 done date:2402291309" + tail);
    EXPECT_EQ(mc::receipt_text(facts_in(seconds)),
              "id:1a2b sub:001 dlvrd:001 submit date:240229130559 done date:240229130959" + tail);
    EXPECT_EQ(mc::receipt_text(facts_in(no_sub)), "id:1a2b submit date:2402291305 done date:2402291309" + tail);
    EXPECT_EQ(mc::receipt_text(facts_in(err4)),
              "id:1a2b sub:001 dlvrd:001 submit date:2402291305 done date:2402291309 stat:DELIVRD err:0000 "
              "text:Hello, this text is ");
    // 0x1a2b is 6699: the text quotes the id's value in decimal.
    EXPECT_EQ(mc::receipt_text(facts_in(decimal_id)),
              "id:6699 sub:001 dlvrd:001 submit date:2402291305 done date:2402291309" + tail);
    EXPECT_EQ(mc::receipt_text(facts_in(tlv_only)), "");
    EXPECT_EQ(mc::receipt_text(facts_in(text_only)), mc::receipt_text(facts_in(standard)));
}

TEST(ReceiptFormat, Err4PadsAFailureCodeToFourDigits) {
    auto f = facts_in(mc::receipt_format::err4);
    f.stat = "UNDELIV";
    f.err = 34;
    f.state = message_state::undeliverable;
    EXPECT_TRUE(mc::receipt_text(f).ends_with(" dlvrd:000 submit date:2402291305 done date:2402291309 stat:UNDELIV "
                                              "err:0034 text:Hello, this text is "))
        << mc::receipt_text(f);
}

TEST(ReceiptFormat, DecimalIdKeepsTheHexIdInTheTlv) {
    const auto r = mc::receipt_body(submitter, recipient, facts_in(mc::receipt_format::decimal_id));
    EXPECT_TRUE(r.short_message.starts_with("id:6699 ")) << r.short_message;
    EXPECT_EQ(get_cstring(r.tlvs, tag::receipted_message_id), "1a2b");
}

TEST(ReceiptFormat, DecimalIdOfAnIdThatIsNoHexNumberIsLeftAlone) {
    auto f = facts_in(mc::receipt_format::decimal_id);
    f.message_id = "msg-7";
    EXPECT_TRUE(mc::receipt_text(f).starts_with("id:msg-7 "));
}

TEST(ReceiptFormat, TlvOnlyHasNoTextAndTextOnlyNoTlvs) {
    const auto tlv_only = mc::receipt_body(submitter, recipient, facts_in(mc::receipt_format::tlv_only));
    EXPECT_TRUE(tlv_only.short_message.empty());
    EXPECT_EQ(get_cstring(tlv_only.tlvs, tag::receipted_message_id), "1a2b");
    EXPECT_EQ(get_message_state(tlv_only.tlvs), message_state::delivered);
    const auto text_only = mc::receipt_body(submitter, recipient, facts_in(mc::receipt_format::text_only));
    EXPECT_TRUE(text_only.tlvs.empty());
    EXPECT_EQ(text_only.short_message, mc::receipt_text(facts_in(mc::receipt_format::standard)));
    EXPECT_EQ(text_only.esm_class, mc::esm_class_delivery_receipt);
}

TEST(ReceiptFormat, NamesRoundTripAndUnknownOnesAreRefused) {
    for (const char* name : {"standard", "seconds", "no-sub", "err4", "decimal-id", "tlv-only", "text-only"}) {
        const auto f = mc::receipt_format_of(name);
        ASSERT_TRUE(f) << name;
        EXPECT_EQ(mc::name_of(*f), name);
    }
    EXPECT_FALSE(mc::receipt_format_of("Standard"));
    EXPECT_FALSE(mc::receipt_format_of(""));
}

TEST(IntermediateNotification, AskedForByBitFour) {
    EXPECT_FALSE(mc::wants_intermediate(0x01));
    EXPECT_TRUE(mc::wants_intermediate(0x10));
    EXPECT_TRUE(mc::wants_intermediate(0x11));  // what Kannel sends
}

TEST(IntermediateNotification, IsEnrouteWithEsmClass0x20AndNoNetworkError) {
    auto f = facts_in(mc::receipt_format::standard);
    f.intermediate = true;
    f.state = message_state::enroute;
    f.stat = "ENROUTE";
    const auto n = mc::receipt_body(submitter, recipient, f);
    EXPECT_EQ(n.esm_class, 0x20);
    EXPECT_EQ(n.short_message,
              "id:1a2b sub:001 dlvrd:000 submit date:2402291305 done date:2402291309 stat:ENROUTE err:000 "
              "text:Hello, this text is ");
    EXPECT_EQ(get_message_state(n.tlvs), message_state::enroute);
    EXPECT_FALSE(get_network_error_code(n.tlvs));
}

TEST(IntermediateNotification, TheSimulatorMakesOneOnlyWhenAskedAndOnlyWhilePending) {
    using namespace smpp::mc_test;
    auto sim = a_simulator();
    const auto plain = accept(sim, a_submit(0x01));
    EXPECT_TRUE(sim.notifications(plain, t0).empty());
    const auto kannel = accept(sim, a_submit(0x11));
    const auto notes = sim.notifications(kannel, t0);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_EQ(notes[0].esm_class, 0x20);
    EXPECT_EQ(get_message_state(notes[0].tlvs), message_state::enroute);
    EXPECT_EQ(get_cstring(notes[0].tlvs, tag::receipted_message_id), kannel);
    // Delivered: the final receipt follows, and there is nothing intermediate left to say.
    const auto final_receipts = sim.deliver(kannel, t0 + 1s).receipts;
    ASSERT_EQ(final_receipts.size(), 1u);
    EXPECT_EQ(final_receipts[0].esm_class, 0x04);
    EXPECT_TRUE(sim.notifications(kannel, t0 + 1s).empty());
}

TEST(IntermediateNotification, TheSimulatorsReceiptsFollowItsFormat) {
    using namespace smpp::mc_test;
    auto sim = a_simulator({.receipt_style = mc::receipt_format::tlv_only});
    const auto id = accept(sim, a_submit(0x01));
    const auto receipts = sim.deliver(id, t0).receipts;
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_TRUE(receipts[0].short_message.empty());
}

}  // namespace

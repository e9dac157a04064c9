// The ESME's delivery receipt parser on the variants real MCs send, from the text and from the
// TLVs, on a deliver_sm exactly as it comes off the wire, and on garbage.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "codec_support.hpp"
#include "smpp/codec/delivery_receipt.hpp"

namespace smpp {
namespace {

using namespace std::string_literals;

sm_body receipt_text(std::string text, std::uint8_t esm_class = 0x04) {
    return sm_body{.esm_class = esm_class, .short_message = std::move(text)};
}

constexpr const char* dates = " submit date:2601011200 done date:2601011201";

TEST(ReceiptParse, StandardTextGivesEveryField) {
    const auto r = parse_receipt(receipt_text("id:1A2B sub:001 dlvrd:001"s + dates + " stat:DELIVRD err:000 text:Hello there"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "1A2B");
    EXPECT_EQ(r->text_id, "1A2B");
    EXPECT_EQ(r->submitted, 1u);
    EXPECT_EQ(r->delivered, 1u);
    EXPECT_EQ(r->submit_date, "2601011200");
    EXPECT_EQ(r->done_date, "2601011201");
    EXPECT_EQ(r->stat, "DELIVRD");
    EXPECT_EQ(r->state, message_state::delivered);
    EXPECT_EQ(r->err, "000");
    EXPECT_EQ(r->error_code, 0u);
    EXPECT_EQ(r->text, "Hello there");
    EXPECT_FALSE(r->intermediate);
    EXPECT_TRUE(r->final());
}

TEST(ReceiptParse, SubAndDlvrdMayBeMissing) {
    const auto r = parse_receipt(receipt_text("id:77"s + dates + " stat:UNDELIV err:001 text:x"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "77");
    EXPECT_FALSE(r->submitted);
    EXPECT_FALSE(r->delivered);
    EXPECT_EQ(r->state, message_state::undeliverable);
    EXPECT_EQ(r->done_date, "2601011201");
}

TEST(ReceiptParse, ErrOfThreeOrFourDigits) {
    EXPECT_EQ(parse_receipt(receipt_text("id:1 stat:UNDELIV err:042"))->error_code, 42u);
    const auto four = parse_receipt(receipt_text("id:1 stat:UNDELIV err:1234 text:"));
    ASSERT_TRUE(four);
    EXPECT_EQ(four->err, "1234");
    EXPECT_EQ(four->error_code, 1234u);
    // Not a number: kept as written, no code.
    EXPECT_FALSE(parse_receipt(receipt_text("id:1 stat:UNDELIV err:ABC"))->error_code);
}

TEST(ReceiptParse, DatesWithSeconds) {
    const auto r = parse_receipt(receipt_text("id:9 submit date:260101120059 done date:260101120101 stat:EXPIRED err:000"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->submit_date, "260101120059");
    EXPECT_EQ(r->done_date, "260101120101");
    EXPECT_EQ(r->state, message_state::expired);
    // A malformed date is dropped, the rest still counts.
    const auto odd = parse_receipt(receipt_text("id:9 submit date:2601 done date:yesterday stat:DELIVRD"));
    ASSERT_TRUE(odd);
    EXPECT_TRUE(odd->submit_date.empty());
    EXPECT_TRUE(odd->done_date.empty());
    EXPECT_EQ(odd->state, message_state::delivered);
}

TEST(ReceiptParse, FieldNamesAndStatInAnyCase) {
    const auto upper = parse_receipt(receipt_text(
        "ID:ab12 SUB:001 DLVRD:001 SUBMIT DATE:2601011200 DONE DATE:2601011201 STAT:DELIVRD ERR:000 TEXT:Hi"));
    ASSERT_TRUE(upper);
    EXPECT_EQ(upper->message_id, "ab12");
    EXPECT_EQ(upper->submit_date, "2601011200");
    EXPECT_EQ(upper->text, "Hi");
    const auto lower = parse_receipt(receipt_text("id:ab12 Stat:delivrd Err:000"));
    ASSERT_TRUE(lower);
    EXPECT_EQ(lower->stat, "DELIVRD");
    EXPECT_EQ(lower->state, message_state::delivered);
    EXPECT_EQ(parse_receipt(receipt_text("id:1 stat:Undeliverable"))->state, message_state::undeliverable);
    EXPECT_EQ(parse_receipt(receipt_text("id:1 submit_date:2601011200 stat:DELIVRD"))->submit_date, "2601011200");
}

TEST(ReceiptParse, TlvsAloneAreEnough) {
    sm_body b{.esm_class = 0x04};
    set_cstring(b.tlvs, tag::receipted_message_id, "1F");
    set_message_state(b.tlvs, message_state::undeliverable);
    set_network_error_code(b.tlvs, {3, 17});
    const auto r = parse_receipt(b);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "1F");
    EXPECT_TRUE(r->text_id.empty());
    EXPECT_EQ(r->state, message_state::undeliverable);
    ASSERT_TRUE(r->network);
    EXPECT_EQ(r->network->network_type, 3);
    EXPECT_EQ(r->error_code, 17u);
}

TEST(ReceiptParse, TlvsWinOverTheText) {
    auto b = receipt_text("id:31 stat:DELIVRD err:000");
    set_cstring(b.tlvs, tag::receipted_message_id, "1F");
    set_message_state(b.tlvs, message_state::expired);
    set_network_error_code(b.tlvs, {3, 5});
    const auto r = parse_receipt(b);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "1F");
    EXPECT_EQ(r->text_id, "31");  // kept: the matcher may need it
    EXPECT_EQ(r->state, message_state::expired);
    EXPECT_EQ(r->stat, "DELIVRD");
    EXPECT_EQ(r->error_code, 5u);
    // A message_state outside Table 5-6 says nothing; the text's stat still does.
    auto odd = receipt_text("id:31 stat:DELIVRD");
    set_message_state(odd.tlvs, static_cast<message_state>(0x55));
    EXPECT_EQ(parse_receipt(odd)->state, message_state::delivered);
}

TEST(ReceiptParse, IntermediateNotificationIsNoFinalReceipt) {
    const auto r = parse_receipt(receipt_text("id:5 sub:001 dlvrd:000 stat:ENROUTE err:000", 0x20));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->intermediate);
    EXPECT_FALSE(r->final());
    // ENROUTE with the receipt esm_class is not final either.
    EXPECT_FALSE(parse_receipt(receipt_text("id:5 stat:ENROUTE"))->final());
    // Other message types (SME acks 0x08, MO 0x00) are no receipts.
    EXPECT_FALSE(parse_receipt(receipt_text("id:5 stat:DELIVRD", 0x08)));
    EXPECT_FALSE(parse_receipt(receipt_text("id:5 stat:DELIVRD", 0x00)));
    EXPECT_TRUE(parse_receipt(receipt_text("id:5 stat:DELIVRD", 0x44)));  // UDHI set too
}

TEST(ReceiptParse, DataSmAndPayloadCarryTheText) {
    data_sm_body d{.esm_class = 0x04, .tlvs = {{tag::message_payload, "id:8 stat:REJECTD err:002"}}};
    const auto r = parse_receipt(d);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "8");
    EXPECT_EQ(r->state, message_state::rejected);
    sm_body b{.esm_class = 0x04, .tlvs = {{tag::message_payload, "id:8 stat:DELIVRD"}}};
    EXPECT_EQ(parse_receipt(b)->state, message_state::delivered);
}

TEST(ReceiptParse, KeysCountOnlyAtWordStartsAndNotInsideTheQuotedText) {
    const auto r = parse_receipt(receipt_text("xid:99 id:12 stat:DELIVRD err:000 text:id:666 stat:UNDELIV"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "12");
    EXPECT_EQ(r->state, message_state::delivered);
    EXPECT_EQ(r->text, "id:666 stat:UNDELIV");
    EXPECT_EQ(receipt_field("ID:7 stat:X", "id:"), "7");
    EXPECT_FALSE(receipt_field("xid:7", "id:"));
}

// A deliver_sm exactly as an MC writes it: decimal id in the text, hex id in the TLV.
TEST(ReceiptParse, FromTheWireBytes) {
    const auto bytes = codec_test::hex(
        "000000b300000005000000000000000700010134343737303039303030303200"
        "0101343437373030393030303031000400000000000000006769643a33312073"
        "75623a30303120646c7672643a303031207375626d697420646174653a323630"
        "31303131323030303020646f6e6520646174653a323630313031313230303035"
        "20737461743a44454c49565244206572723a30303020746578743a48656c6c6f"
        "001e0003314600042700010204230003030000");
    pdu p;
    ASSERT_TRUE(decode(bytes, p).ok());
    ASSERT_EQ(p.id, command_id::deliver_sm);
    const auto r = parse_receipt(std::get<sm_body>(p.body));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "1F");
    EXPECT_EQ(r->text_id, "31");
    EXPECT_EQ(r->state, message_state::delivered);
    EXPECT_EQ(r->submit_date, "260101120000");
    EXPECT_EQ(r->done_date, "260101120005");
    EXPECT_EQ(r->error_code, 0u);
    EXPECT_EQ(r->text, "Hello");
}

TEST(ReceiptParse, GarbageNeverNamesAMessage) {
    EXPECT_FALSE(parse_receipt(receipt_text("")));
    EXPECT_FALSE(parse_receipt(receipt_text("stat:DELIVRD err:000")));
    EXPECT_FALSE(parse_receipt(receipt_text("id:")));
    EXPECT_FALSE(parse_receipt(receipt_text("id: stat:DELIVRD")));
    EXPECT_FALSE(parse_receipt(receipt_text("\xff\xfe\x00\x01"s)));
    auto empty_tlv = receipt_text("");
    set_cstring(empty_tlv.tlvs, tag::receipted_message_id, "");
    EXPECT_FALSE(parse_receipt(empty_tlv));
    // An id but no state: parsed, and the ESME counts it as unparsable.
    const auto stateless = parse_receipt(receipt_text("id:4 stat:WHATEVER"));
    ASSERT_TRUE(stateless);
    EXPECT_FALSE(stateless->state);
    EXPECT_FALSE(stateless->final());
}

TEST(ReceiptParse, RandomBytesNeverCrashAndKeepTheInvariants) {
    std::mt19937 rng(11);
    const std::string alphabet = "id:sub:dlvrd:stat:err:text:DELIVRD 0123456789 submit date:done date:\x01\xff";
    for (int round = 0; round < 20000; ++round) {
        std::string text(rng() % 120, ' ');
        for (auto& c : text) c = rng() % 4 == 0 ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
        const auto r = parse_receipt(receipt_text(text));
        if (!r) continue;
        EXPECT_FALSE(r->message_id.empty());
        EXPECT_TRUE(r->submit_date.empty() || r->submit_date.size() == 10 || r->submit_date.size() == 12);
    }
}

}  // namespace
}  // namespace smpp

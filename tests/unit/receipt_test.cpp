// Delivery receipts and the simulator's knobs as plain code: the receipt text and deliver_sm
// body, where receipts are routed, and which submits the reject and throttle knobs refuse.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "smpp/mc/policy.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/mc/receipt_router.hpp"

namespace {

using namespace smpp;
using namespace std::chrono;
using namespace std::chrono_literals;

// 2024-02-29 13:05:59 UTC and four minutes later.
const system_clock::time_point submitted = sys_days{2024y / February / 29} + 13h + 5min + 59s;
const system_clock::time_point done = submitted + 4min;

sm_body a_submit() {
    sm_body s;
    s.source_addr_ton = 1;
    s.source_addr_npi = 1;
    s.source_addr = "447700900001";
    s.dest_addr_ton = 2;
    s.dest_addr_npi = 8;
    s.destination_addr = "447700900002";
    s.registered_delivery = 1;
    s.short_message = "Hello, this text is longer than twenty octets";
    return s;
}

TEST(Receipt, WantedOnlyWhenTheLowBitsSayOne) {
    EXPECT_FALSE(mc::wants_receipt(0x00));
    EXPECT_TRUE(mc::wants_receipt(0x01));
    EXPECT_FALSE(mc::wants_receipt(0x02));  // failure only: receipt_due decides once the outcome is known
    EXPECT_FALSE(mc::wants_receipt(0x03));  // reserved
    EXPECT_TRUE(mc::wants_receipt(0x11));   // with an intermediate notification bit
}

TEST(Receipt, DateIsYymmddhhmmInUtc) {
    EXPECT_EQ(mc::receipt_date(submitted), "2402291305");
    EXPECT_EQ(mc::receipt_date(sys_days{2009y / January / 1}), "0901010000");
}

TEST(Receipt, TextHasTheCustomaryFieldsAndQuotesTwentyOctets) {
    const mc::receipt_facts facts{.message_id = "1a2b", .submitted = submitted, .done = done,
                                  .text = a_submit().short_message};
    EXPECT_EQ(mc::receipt_text(facts),
              "id:1a2b sub:001 dlvrd:001 submit date:2402291305 done date:2402291309 stat:DELIVRD err:000 "
              "text:Hello, this text is ");
}

TEST(Receipt, ShortTextIsQuotedWhole) {
    const mc::receipt_facts facts{.message_id = "7", .submitted = submitted, .done = submitted, .text = "hi"};
    EXPECT_EQ(mc::receipt_text(facts).substr(mc::receipt_text(facts).find("text:")), "text:hi");
}

TEST(Receipt, MessagePayloadStandsInForAnEmptyShortMessage) {
    auto s = a_submit();
    s.short_message.clear();
    s.tlvs.push_back(tlv{tag::message_payload, "from the payload"});
    EXPECT_EQ(mc::message_of(s), "from the payload");
}

TEST(Receipt, BodySwapsAddressesAndCarriesTheTlvs) {
    const auto submit = a_submit();
    const mc::receipt_facts facts{.message_id = "abc123", .submitted = submitted, .done = done,
                                  .text = submit.short_message};
    const auto r = mc::receipt_body(submit, facts);
    EXPECT_EQ(r.esm_class, 0x04);
    EXPECT_EQ(r.source_addr, "447700900002");
    EXPECT_EQ(r.source_addr_ton, 2);
    EXPECT_EQ(r.source_addr_npi, 8);
    EXPECT_EQ(r.destination_addr, "447700900001");
    EXPECT_EQ(r.dest_addr_ton, 1);
    EXPECT_EQ(r.dest_addr_npi, 1);
    EXPECT_EQ(r.registered_delivery, 0);
    EXPECT_EQ(r.short_message, mc::receipt_text(facts));
    ASSERT_EQ(r.tlvs.size(), 2u);
    EXPECT_EQ(r.tlvs[0].tag, 0x001E);
    EXPECT_EQ(r.tlvs[0].value, std::string("abc123\0", 7));
    EXPECT_EQ(r.tlvs[1].tag, 0x0427);
    EXPECT_EQ(r.tlvs[1].value, std::string(1, '\x02'));
}

TEST(Receipt, BodyEncodesAsADeliverSmAndDecodesBack) {
    const auto submit = a_submit();
    const auto body = mc::receipt_body(submit, {.message_id = "ff01", .submitted = submitted, .done = done,
                                                .text = submit.short_message});
    byte_buffer bytes;
    ASSERT_EQ(encode(pdu{command_id::deliver_sm, command_status::ok, 9, body}, bytes), command_status::ok);
    pdu back;
    ASSERT_TRUE(decode(bytes, back).ok());
    EXPECT_EQ(std::get<sm_body>(back.body), body);
}

// ---- routing --------------------------------------------------------------------------------

sm_body numbered(int n) {
    sm_body b;
    b.short_message = std::to_string(n);
    return b;
}

// Records what the router sends to whom; each session accepts `room` more, then says full.
struct fake_sessions {
    std::map<std::uint64_t, std::size_t> room;
    std::map<std::uint64_t, std::vector<std::string>> sent;
    std::set<std::uint64_t> gone;

    mc::receipt_router::sender sender() {
        return [this](std::uint64_t id, const sm_body& b) {
            if (gone.contains(id)) return mc::receipt_router::send_result::unavailable;
            auto& left = room[id];
            if (left == 0) return mc::receipt_router::send_result::window_full;
            --left;
            sent[id].push_back(b.short_message);
            return mc::receipt_router::send_result::sent;
        };
    }
};

using texts = std::vector<std::string>;

TEST(ReceiptRouter, QueuesUntilAReceiverBindsThenSendsInOrder) {
    fake_sessions s;
    mc::receipt_router router(s.sender());
    router.add("sid1", numbered(1));
    router.add("sid1", numbered(2));
    router.add("sid2", numbered(3));
    EXPECT_EQ(router.queued(), 3u);
    s.room[7] = 10;
    router.receiver_bound(7, "sid1");
    EXPECT_EQ(s.sent[7], (texts{"1", "2"}));
    EXPECT_EQ(router.queued(), 1u);  // sid2's receipt is not for this session
}

TEST(ReceiptRouter, RoundRobinAmongReceiversOfTheSameSystemId) {
    fake_sessions s;
    mc::receipt_router router(s.sender());
    s.room[1] = s.room[2] = 10;
    router.receiver_bound(1, "sid");
    router.receiver_bound(2, "sid");
    for (int n = 1; n <= 5; ++n) router.add("sid", numbered(n));
    EXPECT_EQ(s.sent[1], (texts{"1", "3", "5"}));
    EXPECT_EQ(s.sent[2], (texts{"2", "4"}));
}

TEST(ReceiptRouter, FullWindowHoldsReceiptsUntilItOpens) {
    fake_sessions s;
    mc::receipt_router router(s.sender());
    s.room[1] = 1;
    router.receiver_bound(1, "sid");
    for (int n = 1; n <= 3; ++n) router.add("sid", numbered(n));
    EXPECT_EQ(s.sent[1], (texts{"1"}));
    EXPECT_EQ(router.held(), 2u);
    s.room[1] = 1;
    router.window_opened(1);
    EXPECT_EQ(s.sent[1], (texts{"1", "2"}));
    s.room[1] = 5;
    router.window_opened(1);
    EXPECT_EQ(s.sent[1], (texts{"1", "2", "3"}));
    EXPECT_EQ(router.held(), 0u);
}

TEST(ReceiptRouter, HeldReceiptsMoveOnWhenTheirSessionGoes) {
    fake_sessions s;
    mc::receipt_router router(s.sender());
    s.room[1] = 0;
    router.receiver_bound(1, "sid");
    router.add("sid", numbered(1));
    router.add("sid", numbered(2));
    router.receiver_gone(1);
    EXPECT_EQ(router.queued(), 2u);
    s.room[2] = 10;
    router.receiver_bound(2, "sid");
    EXPECT_EQ(s.sent[2], (texts{"1", "2"}));
}

TEST(ReceiptRouter, UnavailableSessionIsSkipped) {
    fake_sessions s;
    mc::receipt_router router(s.sender());
    s.room[1] = s.room[2] = 10;
    router.receiver_bound(1, "sid");
    router.receiver_bound(2, "sid");
    s.gone.insert(1);  // unbinding, and the router has not heard yet
    router.add("sid", numbered(1));
    router.add("sid", numbered(2));
    EXPECT_EQ(s.sent[2], (texts{"1", "2"}));
    EXPECT_EQ(router.queued() + router.held(), 0u);
}

TEST(ReceiptRouter, QueueOverflowDropsTheOldest) {
    fake_sessions s;
    mc::receipt_router router(s.sender(), 2);
    for (int n = 1; n <= 3; ++n) router.add("sid", numbered(n));
    EXPECT_EQ(router.dropped(), 1u);
    s.room[1] = 10;
    router.receiver_bound(1, "sid");
    EXPECT_EQ(s.sent[1], (texts{"2", "3"}));
}

TEST(ReceiptRouter, TakenQueueLeavesInOrderAndCountsNoLongerHere) {
    fake_sessions s;
    mc::receipt_router router(s.sender());
    router.add("sid", numbered(1));
    router.add_mo("sid", numbered(2));
    router.add("other", numbered(3));
    texts taken;
    router.take_queued("sid", [&](mc::delivery_kind, sm_body b, mc::receipt_tag) { taken.push_back(b.short_message); });
    EXPECT_EQ(taken, (texts{"1", "2"}));
    EXPECT_EQ(router.queued(), 1u);
    // The router that takes them over counts them as added.
    EXPECT_EQ(router.counts(mc::delivery_kind::receipt).added, 1u);
    EXPECT_EQ(router.counts(mc::delivery_kind::mo).added, 0u);
}

// ---- knobs ----------------------------------------------------------------------------------

std::string pattern(mc::reject_schedule r, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += r.next() ? 'x' : '.';
    return out;
}

TEST(RejectSchedule, RefusesAnExactEvenlySpreadFraction) {
    EXPECT_EQ(pattern(mc::reject_schedule(0.5), 6), ".x.x.x");
    EXPECT_EQ(pattern(mc::reject_schedule(0.1), 20), ".........x.........x");
    EXPECT_EQ(pattern(mc::reject_schedule(0.25), 8), "...x...x");
    EXPECT_EQ(pattern(mc::reject_schedule(0), 4), "....");
    EXPECT_EQ(pattern(mc::reject_schedule(1), 4), "xxxx");
}

TEST(ThrottleWindow, AdmitsTheLimitPerSecondWindow) {
    mc::throttle_window w(2);
    const steady_clock::time_point t0{};
    EXPECT_TRUE(w.admit(t0));
    EXPECT_TRUE(w.admit(t0 + 100ms));
    EXPECT_FALSE(w.admit(t0 + 999ms));
    EXPECT_TRUE(w.admit(t0 + 1s));  // a new window
    EXPECT_TRUE(w.admit(t0 + 1500ms));
    EXPECT_FALSE(w.admit(t0 + 1600ms));
}

TEST(ThrottleWindow, ZeroMeansNoLimit) {
    mc::throttle_window w(0);
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(w.admit({}));
}

}  // namespace

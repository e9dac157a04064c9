// The MC's message store: query, cancel, replace and eviction without sockets.
#include "mc_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::mc_test;
using namespace std::chrono;
using namespace std::chrono_literals;

// ---- message_store ------------------------------------------------------------------------

TEST(MessageStore, HexKeysAreTheSimulatorsIdsAndNothingElse) {
    static_assert(mc::hex_key("1f") == 0x1f);
    EXPECT_EQ(mc::hex_key("0"), 0u);
    EXPECT_EQ(mc::hex_key("09afAF"), 0x09afafu);
    EXPECT_EQ(mc::hex_key("ffffffffffffffff"), 0xffffffffffffffffu);
    for (const auto* bad : {"", "g", "1 ", "-1", "0x1", "12345678901234567", "`", "@", "/", ":"})
        EXPECT_FALSE(mc::hex_key(bad)) << '"' << bad << '"';
}

TEST(MessageStore, QueryOfAPendingMessageSaysEnrouteWithoutFinalDate) {
    mc::message_store store;
    store.add(a_record("a1"));
    query_sm_resp_body answer;
    ASSERT_EQ(store.query(query_of("a1"), answer), command_status::ok);
    EXPECT_EQ(answer, (query_sm_resp_body{"a1", "", 1, 0}));
}

TEST(MessageStore, QueryFailsForUnknownIdsAndOtherSenders) {
    mc::message_store store;
    store.add(a_record("a1"));
    query_sm_resp_body answer;
    EXPECT_EQ(store.query(query_of("nope"), answer), command_status::query_failed);
    EXPECT_EQ(store.query(query_of("a1", "447700900999"), answer), command_status::query_failed);
    EXPECT_EQ(store.query(query_of(""), answer), command_status::invalid_message_id);
}

TEST(MessageStore, FinishedMessageReportsStateDateAndError) {
    mc::message_store store;
    store.add(a_record("a1"));
    const auto* m = store.finish("a1", message_state::undeliverable, 34, t0 + 3s);
    ASSERT_NE(m, nullptr);
    EXPECT_FALSE(m->pending());
    query_sm_resp_body answer;
    ASSERT_EQ(store.query(query_of("a1"), answer), command_status::ok);
    EXPECT_EQ(answer, (query_sm_resp_body{"a1", "261124123018200+", 5, 34}));
    // Final is final: a second outcome changes nothing.
    EXPECT_EQ(store.finish("a1", message_state::delivered, 0, t0 + 4s), nullptr);
    EXPECT_EQ(store.finish("unknown", message_state::delivered, 0, t0), nullptr);
}

TEST(MessageStore, CancelDeletesAPendingMessageOnce) {
    mc::message_store store;
    store.add(a_record("a1"));
    EXPECT_EQ(store.cancel(cancel_of("a1", "447700900999"), t0), command_status::cancel_failed);
    auto wrong_dest = cancel_of("a1");
    wrong_dest.destination_addr = "447700900777";
    EXPECT_EQ(store.cancel(wrong_dest, t0), command_status::cancel_failed);
    EXPECT_EQ(store.cancel(cancel_of("a1"), t0 + 1s), command_status::ok);
    EXPECT_EQ(store.find("a1")->state, message_state::deleted);
    EXPECT_EQ(store.find("a1")->final_date, t0 + 1s);
    EXPECT_EQ(store.cancel(cancel_of("a1"), t0 + 2s), command_status::cancel_failed);
    EXPECT_EQ(store.cancel(cancel_of("unknown"), t0), command_status::cancel_failed);
}

TEST(MessageStore, CancelOfADeliveredMessageFails) {
    mc::message_store store;
    store.add(a_record("a1"));
    store.finish("a1", message_state::delivered, 0, t0);
    EXPECT_EQ(store.cancel(cancel_of("a1"), t0), command_status::cancel_failed);
    EXPECT_EQ(store.find("a1")->state, message_state::delivered);
}

TEST(MessageStore, CancelWithoutIdTakesEveryPendingMatch) {
    mc::message_store store;
    store.add(a_record("a1"));
    store.add(a_record("a2"));
    store.add(a_record("a3"));
    auto other = a_submit();
    other.destination_addr = "447700900003";
    store.add(mc::record_of(other, "b1", t0));
    store.finish("a3", message_state::delivered, 0, t0);

    cancel_sm_body group{.service_type = "CMT", .source_addr = "447700900001", .destination_addr = "447700900002"};
    EXPECT_EQ(store.cancel(group, t0), command_status::ok);
    EXPECT_EQ(store.find("a1")->state, message_state::deleted);
    EXPECT_EQ(store.find("a2")->state, message_state::deleted);
    EXPECT_EQ(store.find("a3")->state, message_state::delivered);
    EXPECT_EQ(store.find("b1")->state, message_state::enroute);
    EXPECT_EQ(store.cancel(group, t0), command_status::cancel_failed);  // nothing left to cancel

    group.destination_addr = "447700900003";
    group.service_type = "OTHER";
    EXPECT_EQ(store.cancel(group, t0), command_status::cancel_failed);
    group.service_type.clear();
    EXPECT_EQ(store.cancel(group, t0), command_status::ok);
    EXPECT_EQ(store.find("b1")->state, message_state::deleted);
}

TEST(MessageStore, ReplaceChangesAPendingMessageAndKeepsEmptyTimes) {
    mc::message_store store;
    auto submit = a_submit();
    submit.validity_period = "000001000000000R";
    store.add(mc::record_of(submit, "a1", t0));
    auto r = replace_of("a1", "new text");
    r.schedule_delivery_time = "000000000500000R";
    ASSERT_EQ(store.replace(r), command_status::ok);
    const auto* m = store.find("a1");
    EXPECT_EQ(m->text, "new text");
    EXPECT_EQ(m->registered_delivery, 0);
    EXPECT_EQ(m->schedule_delivery_time, "000000000500000R");
    EXPECT_EQ(m->validity_period, "000001000000000R");
}

TEST(MessageStore, ReplaceFailsForFinalUnknownAndOtherSenders) {
    mc::message_store store;
    store.add(a_record("a1"));
    store.add(a_record("a2"));
    store.finish("a2", message_state::delivered, 0, t0);
    auto stranger = replace_of("a1", "x");
    stranger.source_addr = "447700900999";
    EXPECT_EQ(store.replace(stranger), command_status::replace_failed);
    EXPECT_EQ(store.replace(replace_of("a2", "x")), command_status::replace_failed);
    EXPECT_EQ(store.replace(replace_of("zz", "x")), command_status::replace_failed);
    EXPECT_EQ(store.replace(replace_of("", "x")), command_status::invalid_message_id);
    EXPECT_EQ(store.find("a1")->text, "original text");
}

TEST(MessageStore, FullStoreForgetsTheOldestFinalMessageFirst) {
    mc::message_store store(3);
    store.add(a_record("a1"));
    store.add(a_record("a2"));
    store.add(a_record("a3"));
    store.finish("a3", message_state::delivered, 0, t0);
    store.finish("a2", message_state::delivered, 0, t0);
    EXPECT_FALSE(store.add(a_record("a4")));  // a3 became final first
    EXPECT_EQ(store.find("a3"), nullptr);
    EXPECT_NE(store.find("a2"), nullptr);
    EXPECT_FALSE(store.add(a_record("a5")));
    EXPECT_EQ(store.find("a2"), nullptr);
    // Only pending ones left: the oldest goes, and the caller learns which.
    const auto evicted = store.add(a_record("a6"));
    ASSERT_TRUE(evicted);
    EXPECT_EQ(evicted->message_id, "a1");
    EXPECT_EQ(store.size(), 3u);
    EXPECT_EQ(store.find("a1"), nullptr);
}

TEST(MessageStore, AddingAnIdAgainReplacesTheRecord) {
    mc::message_store store(2);
    store.add(a_record("a1"));
    store.finish("a1", message_state::delivered, 0, t0);
    store.add(a_record("a1"));
    EXPECT_EQ(store.size(), 1u);
    EXPECT_TRUE(store.find("a1")->pending());
    store.add(a_record("a2"));
    // The old record's place among the final ones went with it: the new a1 is pending.
    const auto evicted = store.add(a_record("a3"));
    ASSERT_TRUE(evicted);
    EXPECT_EQ(evicted->message_id, "a1");
}

TEST(MessageStore, KeepsOnlyHexIdsAndFindsThemExactly) {
    mc::message_store store;
    EXPECT_FALSE(store.add(a_record("not-hex")));
    EXPECT_EQ(store.size(), 0u);
    store.add(a_record("a"));
    EXPECT_NE(store.find("a"), nullptr);
    EXPECT_EQ(store.find("0a"), nullptr);  // the same number, another id
    EXPECT_EQ(store.find("A"), nullptr);
    EXPECT_EQ(store.find("ffffffffffffffffff"), nullptr);  // too big to be one of ours
}

TEST(MessageStore, KeepsAtMost254OctetsOfText) {
    auto submit = a_submit();
    submit.short_message.clear();
    submit.tlvs.push_back({tag::message_payload, std::string(1000, 'x')});
    EXPECT_EQ(mc::record_of(submit, "a1", t0).text.size(), mc::stored_text_octets);
}

TEST(MessageStore, ReceiptsOwedCountsPendingDestinationsThatAskedForOne) {
    mc::message_store store;
    store.add(a_record("a1", 1));
    store.add(a_record("a2", 0));
    store.add(a_record("a3", 1));
    submit_multi_body multi{.source_addr = "1", .registered_delivery = 1};
    store.add(mc::record_of(multi, {{1, 1, "2"}, {1, 1, "3"}}, "c1", t0));
    EXPECT_EQ(store.receipts_owed(), 4u);
    store.finish("a3", message_state::delivered, 0, t0);
    EXPECT_EQ(store.receipts_owed(), 3u);
}

TEST(MessageStore, ANewRecordWrittenOverAnEvictedOneKeepsNothingOfIt) {
    mc::message_store store(1);
    submit_multi_body multi{.service_type = "OLD", .source_addr = "1", .schedule_delivery_time = "261124120000000+",
                            .registered_delivery = 1, .short_message = "old text"};
    store.add(mc::record_of(multi, {{1, 1, "2"}, {1, 1, "3"}}, "b1", t0));
    store.finish("b1", message_state::undeliverable, 7, t0);
    data_sm_body data{.source_addr = "5", .destination_addr = "6", .tlvs = {{tag::message_payload, "new"}}};
    EXPECT_FALSE(store.add_with("b2", [&](mc::stored_message& m) { mc::write_record(m, data, "b2", t0 + 1h); }));
    EXPECT_EQ(store.find("b1"), nullptr);
    const auto* m = store.find("b2");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->message_id, "b2");
    EXPECT_EQ(m->service_type, "");
    EXPECT_EQ(m->source.address, "5");
    EXPECT_EQ(m->destinations, (mc::destination_list{{0, 0, "6"}}));
    EXPECT_EQ(m->submitted, t0 + 1h);
    EXPECT_TRUE(m->pending());
    EXPECT_FALSE(m->final_date);
    EXPECT_EQ(m->error_code, 0);
    EXPECT_EQ(m->schedule_delivery_time, "");
    EXPECT_EQ(m->registered_delivery, 0);
    EXPECT_EQ(m->text, "new");
}

TEST(MessageStore, AnErasedRecordIsGoneAndItsSlotServesTheNextOne) {
    mc::message_store store(2);
    store.add(a_record("a1"));
    store.add(a_record("a2"));
    store.erase("a1");
    store.erase("a1");  // twice is harmless
    EXPECT_EQ(store.find("a1"), nullptr);
    EXPECT_EQ(store.size(), 1u);
    EXPECT_EQ(store.receipts_owed(), 1u);
    EXPECT_FALSE(store.add(a_record("a3")));  // room again: nothing evicted
    EXPECT_EQ(store.size(), 2u);
    const auto evicted = store.add(a_record("a4"));
    ASSERT_TRUE(evicted);
    EXPECT_EQ(evicted->message_id, "a2");
    EXPECT_NE(store.find("a3"), nullptr);
}


}  // namespace

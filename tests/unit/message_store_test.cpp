// The MC's memory of accepted messages and the simulator's answers, as plain code: query_sm,
// cancel_sm and replace_sm against the store, eviction when it is full, which submissions are
// refused, and how deliveries end and which receipts they owe.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "smpp/mc/message_store.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/mc/simulator.hpp"

namespace {

using namespace smpp;
using namespace std::chrono;
using namespace std::chrono_literals;

const system_clock::time_point t0 = sys_days{2026y / November / 24} + 12h + 30min + 15s + 250ms;

sm_body a_submit(std::uint8_t registered_delivery = 1) {
    sm_body s;
    s.service_type = "CMT";
    s.source_addr_ton = 1;
    s.source_addr_npi = 1;
    s.source_addr = "447700900001";
    s.dest_addr_ton = 1;
    s.dest_addr_npi = 1;
    s.destination_addr = "447700900002";
    s.registered_delivery = registered_delivery;
    s.short_message = "original text";
    return s;
}

mc::stored_message a_record(std::string id, std::uint8_t registered_delivery = 1) {
    return mc::record_of(a_submit(registered_delivery), std::move(id), t0);
}

query_sm_body query_of(std::string id, std::string source = "447700900001") {
    return {.message_id = std::move(id), .source_addr = std::move(source)};
}

cancel_sm_body cancel_of(std::string id, std::string source = "447700900001") {
    return {.message_id = std::move(id), .source_addr = std::move(source)};
}

replace_sm_body replace_of(std::string id, std::string text) {
    return {.message_id = std::move(id), .source_addr = "447700900001", .registered_delivery = 0,
            .short_message = std::move(text)};
}

// ---- message_store ------------------------------------------------------------------------

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

// ---- simulator ------------------------------------------------------------------------------

mc::simulator a_simulator(mc::simulator_config cfg = {}) {
    cfg.first_message_id = 0xa0;
    return mc::simulator(cfg);
}

pdu as_pdu(command_id id, pdu_body body) { return {id, command_status::ok, 7, std::move(body)}; }

// Submits a message the simulator accepts; returns its id.
std::string accept(mc::simulator& sim, pdu_body body, command_id id = command_id::submit_sm) {
    auto a = sim.submit(as_pdu(id, std::move(body)), t0);
    EXPECT_EQ(a.status, command_status::ok);
    return a.accepted.value_or("");
}

TEST(Simulator, AcceptsSubmissionsWithHexIdsInOrder) {
    auto sim = a_simulator();
    auto first = sim.submit(as_pdu(command_id::submit_sm, a_submit()), t0);
    EXPECT_EQ(std::get<sm_resp_body>(first.body).message_id, "a0");
    ASSERT_EQ(first.accepted, "a0");
    EXPECT_EQ(sim.store().find("a0")->text, "original text");
    data_sm_body data{.source_addr = "1", .destination_addr = "2", .tlvs = {{tag::message_payload, "payload"}}};
    const auto second = sim.submit(as_pdu(command_id::data_sm, data), t0);
    EXPECT_EQ(std::get<data_sm_resp_body>(second.body).message_id, "a1");
    EXPECT_EQ(sim.store().find("a1")->text, "payload");
}

TEST(Simulator, AWithdrawnMessageIsNeitherDeliveredNorOwed) {
    auto sim = a_simulator();
    const auto id = accept(sim, a_submit(1));
    EXPECT_EQ(sim.store().receipts_owed(), 1u);
    sim.withdraw(id);
    EXPECT_EQ(sim.store().receipts_owed(), 0u);
    EXPECT_TRUE(sim.deliver(id, t0).receipts.empty());
}

TEST(Simulator, CountsTheReceiptsOfPendingMessagesItHadToEvict) {
    auto sim = a_simulator({.store_size = 1});
    accept(sim, a_submit(1));
    accept(sim, a_submit(0));  // evicts the first, which wanted a receipt
    accept(sim, a_submit(1));  // evicts the second, which did not
    EXPECT_EQ(sim.receipts_evicted(), 1u);
}

TEST(Simulator, RejectRatioRefusesEverySecondSubmission) {
    auto sim = a_simulator({.reject_ratio = 0.5, .reject_status = command_status::throttled});
    std::vector<command_status> statuses;
    for (int i = 0; i < 4; ++i) statuses.push_back(sim.submit(as_pdu(command_id::submit_sm, a_submit()), t0).status);
    EXPECT_EQ(statuses, (std::vector{command_status::ok, command_status::throttled, command_status::ok,
                                     command_status::throttled}));
}

TEST(Simulator, SubmitMultiListsTheDestinationsItRefused) {
    auto sim = a_simulator({.reject_ratio = 0.5});
    submit_multi_body multi{.source_addr = "1",
                            .dest_addresses = {sme_address{1, 1, "2"}, sme_address{1, 1, "3"},
                                               distribution_list{"friends"}, sme_address{1, 1, "4"}},
                            .short_message = "to many"};
    const auto a = sim.submit(as_pdu(command_id::submit_multi, multi), t0);
    ASSERT_EQ(a.status, command_status::ok);
    const auto& resp = std::get<submit_multi_resp_body>(a.body);
    EXPECT_EQ(resp.message_id, "a0");
    EXPECT_EQ(resp.unsuccess_smes, (std::vector<unsuccess_sme>{{1, 1, "3", command_status::system_error},
                                                               {0, 0, "friends", command_status::invalid_dl_name}}));
    ASSERT_TRUE(a.accepted);
    EXPECT_EQ(sim.store().find(*a.accepted)->destinations, (mc::destination_list{{1, 1, "2"}, {1, 1, "4"}}));
}

TEST(Simulator, SubmitMultiThatReachesNobodyFailsAsItsFirstDestination) {
    auto sim = a_simulator({.reject_ratio = 1, .reject_status = command_status::message_queue_full});
    submit_multi_body multi{.dest_addresses = {sme_address{1, 1, "2"}, distribution_list{"x"}}};
    const auto a = sim.submit(as_pdu(command_id::submit_multi, multi), t0);
    EXPECT_EQ(a.status, command_status::message_queue_full);
    EXPECT_FALSE(a.accepted);
}

TEST(Simulator, AMessageDeliveredAfterItsValidityPeriodExpires) {
    auto sim = a_simulator({.fail_ratio = 1});  // an expired message is never tried, so never fails
    auto submit = a_submit(2);                  // receipts on failure only
    submit.validity_period = "000000000010000R";  // 10 s
    const auto late = accept(sim, submit);
    const auto receipts = sim.deliver(late, t0 + 11s).receipts;
    EXPECT_EQ(sim.store().find(late)->state, message_state::expired);
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_NE(receipts[0].short_message.find("stat:EXPIRED err:000"), std::string::npos) << receipts[0].short_message;

    submit.validity_period = "261124123025000+";  // t0 is 12:30:15.25 UTC
    const auto in_time = accept(sim, submit);
    sim.deliver(in_time, t0 + 9s);
    EXPECT_EQ(sim.store().find(in_time)->state, message_state::undeliverable) << "tried, and failed as configured";
}

TEST(Simulator, ReplaceIfPresentSupersedesPendingMessagesOfTheSameSourceDestinationAndService) {
    auto sim = a_simulator();
    const auto first = accept(sim, a_submit());
    auto other_service = a_submit();
    other_service.service_type = "WAP";
    const auto kept = accept(sim, other_service);
    auto replacing = a_submit();
    replacing.replace_if_present_flag = 1;
    replacing.short_message = "newer";
    const auto second = accept(sim, replacing);
    EXPECT_NE(second, first) << "a new message with its own id";
    EXPECT_EQ(sim.store().find(first)->state, message_state::deleted);
    EXPECT_TRUE(sim.deliver(first, t0).receipts.empty()) << "a superseded message is never delivered";
    EXPECT_TRUE(sim.store().find(kept)->pending()) << "another service_type is another message";
    EXPECT_EQ(sim.deliver(second, t0).receipts.size(), 1u);
    // Without the flag, nothing is superseded.
    const auto third = accept(sim, a_submit());
    accept(sim, a_submit());
    EXPECT_TRUE(sim.store().find(third)->pending());
}

TEST(Simulator, ReplaceIfPresentOnSubmitMultiSupersedesPerReachedDestination) {
    auto sim = a_simulator({.reject_ratio = 0.5});  // refuses every 2nd submission or destination
    auto to = [](std::string address) {
        auto s = a_submit();
        s.destination_addr = std::move(address);
        return s;
    };
    auto refused = [&] { EXPECT_FALSE(sim.submit(as_pdu(command_id::submit_sm, a_submit()), t0).accepted); };
    const auto to_2 = accept(sim, to("2"));
    refused();
    const auto to_3 = accept(sim, to("3"));
    refused();
    const auto to_4 = accept(sim, to("4"));
    submit_multi_body multi{.service_type = "CMT",
                            .source_addr = a_submit().source_addr,
                            .dest_addresses = {sme_address{1, 1, "2"}, sme_address{1, 1, "3"}},
                            .replace_if_present_flag = 1,
                            .short_message = "newer"};
    const auto a = sim.submit(as_pdu(command_id::submit_multi, multi), t0);
    ASSERT_TRUE(a.accepted);
    EXPECT_EQ(std::get<submit_multi_resp_body>(a.body).unsuccess_smes.size(), 1u) << "\"2\" refused";
    EXPECT_TRUE(sim.store().find(to_2)->pending()) << "a refused destination keeps its message";
    EXPECT_EQ(sim.store().find(to_3)->state, message_state::deleted);
    EXPECT_TRUE(sim.store().find(to_4)->pending()) << "not among the destinations";
}

TEST(Simulator, AScheduledMessageIsHeldUntilItsTime) {
    auto sim = a_simulator();
    auto submit = a_submit();
    submit.schedule_delivery_time = "000000000100000R";  // a minute after submission
    const auto id = accept(sim, submit);
    const auto early = sim.deliver(id, t0);
    EXPECT_EQ(early.held_until, t0 + 1min);
    EXPECT_TRUE(early.receipts.empty());
    EXPECT_TRUE(sim.store().find(id)->pending()) << "held, not tried";
    const auto due = sim.deliver(id, t0 + 1min);
    EXPECT_FALSE(due.held_until) << "due now";
    EXPECT_EQ(due.receipts.size(), 1u);
    EXPECT_FALSE(sim.deliver(accept(sim, a_submit()), t0).held_until) << "no schedule";
    EXPECT_FALSE(sim.deliver(id, t0).held_until) << "final";
}

TEST(Simulator, DeliveryMakesTheMessageDeliveredWithOneReceiptPerDestination) {
    auto sim = a_simulator();
    submit_multi_body multi{.source_addr = "1",
                            .dest_addresses = {sme_address{1, 1, "2"}, sme_address{1, 1, "3"}},
                            .registered_delivery = 1,
                            .short_message = "hi all"};
    const auto id = accept(sim, multi, command_id::submit_multi);
    const auto receipts = sim.deliver(id, t0 + 1s).receipts;
    ASSERT_EQ(receipts.size(), 2u);
    EXPECT_EQ(receipts[0].source_addr, "2");
    EXPECT_EQ(receipts[1].source_addr, "3");
    EXPECT_EQ(receipts[0].destination_addr, "1");
    EXPECT_NE(receipts[0].short_message.find("stat:DELIVRD err:000 text:hi all"), std::string::npos);
    EXPECT_EQ(sim.store().find(id)->state, message_state::delivered);
    EXPECT_TRUE(sim.deliver(id, t0 + 2s).receipts.empty());  // delivered once
}

TEST(Simulator, FailedDeliveryGivesTheFailStateInStoreAndReceipt) {
    auto sim = a_simulator({.fail_ratio = 0.5, .fail_state = message_state::expired, .fail_error = 69});
    const auto ok_id = accept(sim, a_submit());
    const auto failed_id = accept(sim, a_submit());
    EXPECT_EQ(sim.deliver(ok_id, t0).receipts.size(), 1u);
    const auto receipts = sim.deliver(failed_id, t0).receipts;
    ASSERT_EQ(receipts.size(), 1u);
    EXPECT_NE(receipts[0].short_message.find("dlvrd:000"), std::string::npos);
    EXPECT_NE(receipts[0].short_message.find("stat:EXPIRED err:069"), std::string::npos);
    EXPECT_EQ(get_message_state(receipts[0].tlvs), message_state::expired);
    EXPECT_EQ(get_network_error_code(receipts[0].tlvs), (network_error{3, 69}));
    const auto* m = sim.store().find(failed_id);
    EXPECT_EQ(m->state, message_state::expired);
    EXPECT_EQ(m->error_code, 69);
}

TEST(Simulator, FailureOnlyReceiptsComeOnlyForFailures) {
    auto sim = a_simulator({.fail_ratio = 0.5});
    const auto ok_id = accept(sim, a_submit(0x02));
    const auto failed_id = accept(sim, a_submit(0x02));
    EXPECT_TRUE(sim.deliver(ok_id, t0).receipts.empty());
    EXPECT_EQ(sim.deliver(failed_id, t0).receipts.size(), 1u);
}

TEST(Simulator, CancelledMessageIsNeverDelivered) {
    auto sim = a_simulator();
    const auto id = accept(sim, a_submit());
    const auto a = sim.manage(as_pdu(command_id::cancel_sm, cancel_of(id)), t0);
    EXPECT_EQ(a.status, command_status::ok);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(a.body));  // cancel_sm_resp is header-only
    EXPECT_TRUE(sim.deliver(id, t0).receipts.empty());
    EXPECT_EQ(sim.store().find(id)->state, message_state::deleted);
}

TEST(Simulator, ManageAnswersQueryAndReplaceFromTheStore) {
    auto sim = a_simulator();
    const auto id = accept(sim, a_submit());
    EXPECT_EQ(sim.manage(as_pdu(command_id::replace_sm, replace_of(id, "replaced")), t0).status, command_status::ok);
    EXPECT_EQ(sim.store().find(id)->text, "replaced");
    sim.deliver(id, t0);
    const auto q = sim.manage(as_pdu(command_id::query_sm, query_of(id)), t0);
    ASSERT_EQ(q.status, command_status::ok);
    EXPECT_EQ(std::get<query_sm_resp_body>(q.body).message_state, 2);
    EXPECT_EQ(sim.manage(as_pdu(command_id::replace_sm, replace_of(id, "late")), t0).status,
              command_status::replace_failed);
}

// ---- receipt helpers ------------------------------------------------------------------------

TEST(ReceiptHelpers, AbsoluteTimeIsSixteenCharactersInUtc) {
    EXPECT_EQ(mc::absolute_time(t0), "261124123015200+");
    EXPECT_EQ(mc::absolute_time(t0).size(), 16u);
}

TEST(ReceiptHelpers, StatWordsRoundTrip) {
    for (std::uint8_t v = 1; v <= 8; ++v) {
        const auto s = static_cast<message_state>(v);
        EXPECT_EQ(mc::state_of_stat(mc::stat_of(s)), s) << mc::stat_of(s);
    }
    EXPECT_EQ(mc::stat_of(message_state::undeliverable), "UNDELIV");
    EXPECT_EQ(mc::state_of_stat("NONSENSE"), std::nullopt);
}

TEST(ReceiptHelpers, ReceiptDueFollowsRegisteredDelivery) {
    EXPECT_TRUE(mc::receipt_due(0x01, true));
    EXPECT_TRUE(mc::receipt_due(0x01, false));
    EXPECT_FALSE(mc::receipt_due(0x02, true));
    EXPECT_TRUE(mc::receipt_due(0x02, false));
    EXPECT_FALSE(mc::receipt_due(0x00, false));
    EXPECT_FALSE(mc::receipt_due(0x03, false));  // reserved
}

}  // namespace

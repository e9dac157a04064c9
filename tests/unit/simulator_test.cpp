// The simulator's answers without sockets, and the receipt helpers.
#include "mc_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::mc_test;
using namespace std::chrono;
using namespace std::chrono_literals;

TEST(Simulator, AcceptsSubmissionsWithHexIdsInOrder) {
    auto sim = a_simulator();
    auto first = sim.submit(as_pdu(command_id::submit_sm, a_submit()), t0);
    EXPECT_EQ(std::get<sm_resp_body>(first.body).message_id, "a0");
    ASSERT_EQ(first.accepted, "a0");
    EXPECT_EQ(first.accepted_key, 0xa0u);  // what the history keys on, unparsed
    EXPECT_EQ(sim.store().find("a0")->text, "original text");
    data_sm_body data{.source_addr = "1", .destination_addr = "2", .tlvs = {{tag::message_payload, "payload"}}};
    const auto second = sim.submit(as_pdu(command_id::data_sm, data), t0);
    EXPECT_EQ(std::get<data_sm_resp_body>(second.body).message_id, "a1");
    EXPECT_EQ(second.accepted_key, 0xa1u);
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
    EXPECT_EQ(a.accepted_key, mc::hex_key(*a.accepted));
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
    const auto done = sim.deliver(failed_id, t0);
    EXPECT_EQ(done.state, message_state::expired);
    EXPECT_EQ(done.error, 69) << "the delivery says what the store now holds";
    const auto& receipts = done.receipts;
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

TEST(Simulator, FinishNowSaysTheStateAndErrorItSet) {
    auto sim = a_simulator();
    const auto id = accept(sim, a_submit());
    bool finished = false;
    const auto done = sim.finish_now(id, message_state::undeliverable, 13, t0, finished);
    EXPECT_TRUE(finished);
    EXPECT_EQ(done.state, message_state::undeliverable);
    EXPECT_EQ(done.error, 13);
    EXPECT_FALSE(sim.finish_now(id, message_state::delivered, 0, t0, finished).state) << "already final";
    EXPECT_FALSE(finished);
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

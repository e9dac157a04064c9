// The pure building blocks of the session: the §2.2 state table, the sequence counter and the
// pending-request table.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <string>

#include "smpp/session/pending.hpp"
#include "smpp/session/rules.hpp"
#include "smpp/session/sequence.hpp"

namespace {

using namespace smpp;
using namespace std::chrono_literals;

// ---- request_allowed: SMPP 3.4 Table 2-1, written out in full ------------------------------

constexpr std::array all_states{session_state::open,      session_state::bound_tx, session_state::bound_rx,
                                session_state::bound_trx, session_state::unbound,  session_state::closed};

struct allowed_row {
    command_id id;
    session_state state;
    bool by_esme;
    bool by_mc;
};

// Every request id the library knows, in every state, from both senders. Spelled out rather
// than derived so the table reads like the spec and a slip in rules.cpp cannot hide in it.
constexpr allowed_row allowed_table[] = {
    // binds: only the ESME, only before it is bound
    {command_id::bind_transmitter, session_state::open, true, false},
    {command_id::bind_transmitter, session_state::bound_tx, false, false},
    {command_id::bind_transmitter, session_state::bound_rx, false, false},
    {command_id::bind_transmitter, session_state::bound_trx, false, false},
    {command_id::bind_transmitter, session_state::unbound, false, false},
    {command_id::bind_transmitter, session_state::closed, false, false},
    {command_id::bind_receiver, session_state::open, true, false},
    {command_id::bind_receiver, session_state::bound_tx, false, false},
    {command_id::bind_receiver, session_state::bound_rx, false, false},
    {command_id::bind_receiver, session_state::bound_trx, false, false},
    {command_id::bind_receiver, session_state::unbound, false, false},
    {command_id::bind_receiver, session_state::closed, false, false},
    {command_id::bind_transceiver, session_state::open, true, false},
    {command_id::bind_transceiver, session_state::bound_tx, false, false},
    {command_id::bind_transceiver, session_state::bound_rx, false, false},
    {command_id::bind_transceiver, session_state::bound_trx, false, false},
    {command_id::bind_transceiver, session_state::unbound, false, false},
    {command_id::bind_transceiver, session_state::closed, false, false},
    // outbind: only the MC, only before a bind
    {command_id::outbind, session_state::open, false, true},
    {command_id::outbind, session_state::bound_tx, false, false},
    {command_id::outbind, session_state::bound_rx, false, false},
    {command_id::outbind, session_state::bound_trx, false, false},
    {command_id::outbind, session_state::unbound, false, false},
    {command_id::outbind, session_state::closed, false, false},
    // enquire_link: either side when bound, and in OPEN as SMPP 5.0 allows
    {command_id::enquire_link, session_state::open, true, true},
    {command_id::enquire_link, session_state::bound_tx, true, true},
    {command_id::enquire_link, session_state::bound_rx, true, true},
    {command_id::enquire_link, session_state::bound_trx, true, true},
    {command_id::enquire_link, session_state::unbound, false, false},
    {command_id::enquire_link, session_state::closed, false, false},
    // unbind: either side, any bound state
    {command_id::unbind, session_state::open, false, false},
    {command_id::unbind, session_state::bound_tx, true, true},
    {command_id::unbind, session_state::bound_rx, true, true},
    {command_id::unbind, session_state::bound_trx, true, true},
    {command_id::unbind, session_state::unbound, false, false},
    {command_id::unbind, session_state::closed, false, false},
    // submit_sm: ESME to MC over a transmitter or transceiver bind
    {command_id::submit_sm, session_state::open, false, false},
    {command_id::submit_sm, session_state::bound_tx, true, false},
    {command_id::submit_sm, session_state::bound_rx, false, false},
    {command_id::submit_sm, session_state::bound_trx, true, false},
    {command_id::submit_sm, session_state::unbound, false, false},
    {command_id::submit_sm, session_state::closed, false, false},
    // deliver_sm: MC to ESME over a receiver or transceiver bind
    {command_id::deliver_sm, session_state::open, false, false},
    {command_id::deliver_sm, session_state::bound_tx, false, false},
    {command_id::deliver_sm, session_state::bound_rx, false, true},
    {command_id::deliver_sm, session_state::bound_trx, false, true},
    {command_id::deliver_sm, session_state::unbound, false, false},
    {command_id::deliver_sm, session_state::closed, false, false},
    // submit_multi, query_sm, cancel_sm, replace_sm: ESME to MC, like submit_sm
    {command_id::submit_multi, session_state::open, false, false},
    {command_id::submit_multi, session_state::bound_tx, true, false},
    {command_id::submit_multi, session_state::bound_rx, false, false},
    {command_id::submit_multi, session_state::bound_trx, true, false},
    {command_id::submit_multi, session_state::unbound, false, false},
    {command_id::submit_multi, session_state::closed, false, false},
    {command_id::query_sm, session_state::open, false, false},
    {command_id::query_sm, session_state::bound_tx, true, false},
    {command_id::query_sm, session_state::bound_rx, false, false},
    {command_id::query_sm, session_state::bound_trx, true, false},
    {command_id::query_sm, session_state::unbound, false, false},
    {command_id::query_sm, session_state::closed, false, false},
    {command_id::cancel_sm, session_state::open, false, false},
    {command_id::cancel_sm, session_state::bound_tx, true, false},
    {command_id::cancel_sm, session_state::bound_rx, false, false},
    {command_id::cancel_sm, session_state::bound_trx, true, false},
    {command_id::cancel_sm, session_state::unbound, false, false},
    {command_id::cancel_sm, session_state::closed, false, false},
    {command_id::replace_sm, session_state::open, false, false},
    {command_id::replace_sm, session_state::bound_tx, true, false},
    {command_id::replace_sm, session_state::bound_rx, false, false},
    {command_id::replace_sm, session_state::bound_trx, true, false},
    {command_id::replace_sm, session_state::unbound, false, false},
    {command_id::replace_sm, session_state::closed, false, false},
    // alert_notification: MC to ESME, like deliver_sm
    {command_id::alert_notification, session_state::open, false, false},
    {command_id::alert_notification, session_state::bound_tx, false, false},
    {command_id::alert_notification, session_state::bound_rx, false, true},
    {command_id::alert_notification, session_state::bound_trx, false, true},
    {command_id::alert_notification, session_state::unbound, false, false},
    {command_id::alert_notification, session_state::closed, false, false},
    // data_sm: either side, over the bind that lets that side send
    {command_id::data_sm, session_state::open, false, false},
    {command_id::data_sm, session_state::bound_tx, true, false},
    {command_id::data_sm, session_state::bound_rx, false, true},
    {command_id::data_sm, session_state::bound_trx, true, true},
    {command_id::data_sm, session_state::unbound, false, false},
    {command_id::data_sm, session_state::closed, false, false},
};

TEST(RequestAllowed, MatchesTheSpecTableForEveryRoleStateAndRequest) {
    for (const auto& row : allowed_table) {
        SCOPED_TRACE(std::string(name_of(row.id)) + " in " + std::string(name_of(row.state)));
        EXPECT_EQ(request_allowed(role::esme, row.state, row.id), row.by_esme) << "sent by the ESME";
        EXPECT_EQ(request_allowed(role::mc, row.state, row.id), row.by_mc) << "sent by the MC";
    }
}

TEST(RequestAllowed, TableCoversEveryKnownRequestInEveryState) {
    constexpr std::array requests{command_id::bind_transmitter, command_id::bind_receiver,
                                  command_id::bind_transceiver, command_id::outbind,
                                  command_id::enquire_link,     command_id::unbind,
                                  command_id::submit_sm,        command_id::deliver_sm,
                                  command_id::submit_multi,     command_id::query_sm,
                                  command_id::cancel_sm,        command_id::replace_sm,
                                  command_id::alert_notification, command_id::data_sm};
    for (auto id : requests)
        for (auto state : all_states) {
            int rows = 0;
            for (const auto& row : allowed_table) rows += row.id == id && row.state == state;
            EXPECT_EQ(rows, 1) << name_of(id) << " in " << name_of(state);
        }
}

TEST(RequestAllowed, ResponsesAreNeverRequests) {
    for (auto state : all_states)
        for (auto sender : {role::esme, role::mc}) {
            EXPECT_FALSE(request_allowed(sender, state, command_id::submit_sm_resp));
            EXPECT_FALSE(request_allowed(sender, state, command_id::generic_nack));
            EXPECT_FALSE(request_allowed(sender, state, command_id::data_sm_resp));
            EXPECT_FALSE(request_allowed(sender, state, command_id::submit_multi_resp));
        }
}

// ---- bind helpers ---------------------------------------------------------------------------

TEST(BindHelpers, MapEachBindTypeToItsCommandAndBoundState) {
    struct row {
        bind_type type;
        command_id request;
        command_id response;
        session_state bound;
    };
    constexpr row rows[] = {
        {bind_type::transmitter, command_id::bind_transmitter, command_id::bind_transmitter_resp,
         session_state::bound_tx},
        {bind_type::receiver, command_id::bind_receiver, command_id::bind_receiver_resp,
         session_state::bound_rx},
        {bind_type::transceiver, command_id::bind_transceiver, command_id::bind_transceiver_resp,
         session_state::bound_trx},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(std::string(name_of(r.type)));
        EXPECT_EQ(bind_command(r.type), r.request);
        EXPECT_EQ(bound_state(r.type), r.bound);
        EXPECT_EQ(bind_type_of(r.request), r.type);
        EXPECT_EQ(bind_type_of(r.response), r.type);
    }
}

TEST(BindHelpers, PeerOfSwapsRoles) {
    EXPECT_EQ(peer_of(role::esme), role::mc);
    EXPECT_EQ(peer_of(role::mc), role::esme);
}

TEST(BindHelpers, OnlyTheThreeBoundStatesAreBound) {
    for (auto state : all_states) {
        const bool expected = state == session_state::bound_tx || state == session_state::bound_rx ||
                              state == session_state::bound_trx;
        EXPECT_EQ(is_bound(state), expected) << name_of(state);
    }
}

// ---- sequence_counter -----------------------------------------------------------------------

TEST(SequenceCounter, StartsAtOneAndIncrements) {
    sequence_counter seq;
    EXPECT_EQ(seq.next(), 1u);
    EXPECT_EQ(seq.next(), 2u);
    EXPECT_EQ(seq.next(), 3u);
}

TEST(SequenceCounter, WrapsFromTheTopOfTheRangeBackToOneNeverZero) {
    sequence_counter seq(0x7FFFFFFE);
    EXPECT_EQ(seq.next(), 0x7FFFFFFEu);
    EXPECT_EQ(seq.next(), 0x7FFFFFFFu);
    EXPECT_EQ(seq.next(), 1u);
    EXPECT_EQ(seq.next(), 2u);
}

// ---- pending_table --------------------------------------------------------------------------

const clock::time_point t0{};

TEST(PendingTable, TakeRemovesExactlyTheRequestWithThatSequence) {
    pending_table table;
    table.add({1, command_id::submit_sm, t0 + 10s});
    table.add({2, command_id::enquire_link, t0 + 5s});
    table.add({3, command_id::submit_sm, t0 + 7s});

    const auto taken = table.take(2);
    ASSERT_TRUE(taken.has_value());
    EXPECT_EQ(taken->sequence, 2u);
    EXPECT_EQ(taken->id, command_id::enquire_link);
    EXPECT_EQ(taken->deadline, t0 + 5s);
    EXPECT_EQ(table.size(), 2u);

    EXPECT_FALSE(table.take(2).has_value()) << "taken twice";
    EXPECT_FALSE(table.take(99).has_value());
    EXPECT_TRUE(table.take(1).has_value());
    EXPECT_TRUE(table.take(3).has_value());
    EXPECT_EQ(table.size(), 0u);
}

TEST(PendingTable, ContainsLooksForACommandId) {
    pending_table table;
    EXPECT_FALSE(table.contains(command_id::unbind));
    table.add({4, command_id::unbind, t0 + 5s});
    EXPECT_TRUE(table.contains(command_id::unbind));
    EXPECT_FALSE(table.contains(command_id::submit_sm));
    table.take(4);
    EXPECT_FALSE(table.contains(command_id::unbind));
}

TEST(PendingTable, OnlyMessageTrafficCountsAgainstTheWindow) {
    pending_table table;
    table.add({1, command_id::bind_transceiver, t0 + 10s});
    table.add({2, command_id::enquire_link, t0 + 10s});
    table.add({3, command_id::unbind, t0 + 10s});
    EXPECT_EQ(table.traffic_in_flight(), 0u);
    table.add({4, command_id::submit_sm, t0 + 10s});
    table.add({5, command_id::deliver_sm, t0 + 10s});
    EXPECT_EQ(table.traffic_in_flight(), 2u);
    EXPECT_EQ(table.size(), 5u);
}

TEST(PendingTable, EveryMessageRequestCountsAgainstTheWindow) {
    pending_table table;
    std::uint32_t sequence = 0;
    for (auto id : {command_id::submit_multi, command_id::query_sm, command_id::cancel_sm,
                    command_id::replace_sm, command_id::data_sm})
        table.add({++sequence, id, t0 + 10s});
    EXPECT_EQ(table.traffic_in_flight(), 5u);
}

TEST(PendingTable, EarliestDeadlineIsTheMinimumOrNothing) {
    pending_table table;
    EXPECT_FALSE(table.earliest_deadline().has_value());
    table.add({1, command_id::submit_sm, t0 + 10s});
    table.add({2, command_id::submit_sm, t0 + 3s});
    table.add({3, command_id::submit_sm, t0 + 7s});
    EXPECT_EQ(table.earliest_deadline(), t0 + 3s);
    table.take(2);
    EXPECT_EQ(table.earliest_deadline(), t0 + 7s);
}

TEST(PendingTable, ExpireRemovesEverythingDueAtOrBeforeNow) {
    pending_table table;
    table.add({1, command_id::submit_sm, t0 + 10s});
    table.add({2, command_id::submit_sm, t0 + 3s});
    table.add({3, command_id::unbind, t0 + 5s});

    EXPECT_TRUE(table.expire(t0 + 2s).empty());

    // A deadline exactly at `now` is due.
    auto expired = table.expire(t0 + 5s);
    ASSERT_EQ(expired.size(), 2u);
    std::sort(expired.begin(), expired.end(),
              [](const pending_request& a, const pending_request& b) { return a.sequence < b.sequence; });
    EXPECT_EQ(expired[0].sequence, 2u);
    EXPECT_EQ(expired[1].sequence, 3u);
    EXPECT_EQ(expired[1].id, command_id::unbind);

    EXPECT_EQ(table.size(), 1u);
    EXPECT_TRUE(table.take(1).has_value());
}

TEST(PendingTable, TakeAllEmptiesTheTable) {
    pending_table table;
    table.add({1, command_id::submit_sm, t0 + 10s});
    table.add({2, command_id::unbind, t0 + 5s});
    EXPECT_EQ(table.take_all().size(), 2u);
    EXPECT_EQ(table.size(), 0u);
    EXPECT_FALSE(table.earliest_deadline().has_value());
}

// ---- names used in logs ---------------------------------------------------------------------

TEST(Names, StatesBindTypesAndRolesHaveTheirSpecNames) {
    EXPECT_EQ(name_of(session_state::open), "OPEN");
    EXPECT_EQ(name_of(session_state::bound_tx), "BOUND_TX");
    EXPECT_EQ(name_of(session_state::bound_rx), "BOUND_RX");
    EXPECT_EQ(name_of(session_state::bound_trx), "BOUND_TRX");
    EXPECT_EQ(name_of(session_state::unbound), "UNBOUND");
    EXPECT_EQ(name_of(session_state::closed), "CLOSED");
    EXPECT_EQ(name_of(bind_type::transceiver), "transceiver");
    EXPECT_EQ(name_of(role::mc), "mc");
}

}  // namespace

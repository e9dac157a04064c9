// The message history's ring: events by message, oldest first, the receipt fields kept, a
// fixed capacity that forgets the oldest, nothing at all when disabled.
#include <gtest/gtest.h>

#include "history.hpp"

namespace {

using namespace smpp;
using namespace smpp::mc_app;
const std::chrono::system_clock::time_point t0{};

history_entry receipt(std::uint64_t key, history_event what, std::uint64_t session = 0,
                      receipt_failure reason = receipt_failure::none, command_status status = command_status::ok) {
    history_entry e;
    e.key = key;
    e.what = what;
    e.session = session;
    e.reason = reason;
    e.status = status;
    return e;
}

TEST(MessageHistory, EntriesStaySmall) { EXPECT_LE(sizeof(history_entry), 40u); }

TEST(MessageHistory, ReceiptEventsKeepTheirSessionReasonAndStatus) {
    message_history h(16);
    h.record("a1", history_event::accepted, t0);
    h.record(receipt(0xa1, history_event::receipt_sent, 3));
    h.record(receipt(0xb2, history_event::receipt_sent, 4));  // another message
    h.record(receipt(0xa1, history_event::receipt_failed, 3, receipt_failure::refused, command_status::x_perm_app_error));
    const auto events = h.of("a1");
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].what, history_event::accepted);
    EXPECT_EQ(events[1].what, history_event::receipt_sent);
    EXPECT_EQ(events[1].session, 3u);
    EXPECT_EQ(events[2].reason, receipt_failure::refused);
    EXPECT_EQ(events[2].status, command_status::x_perm_app_error);
    EXPECT_EQ(h.of("b2").size(), 1u);
}

TEST(MessageHistory, AFullRingForgetsTheOldest) {
    message_history h(2);
    h.record("1", history_event::accepted, t0);
    h.record(receipt(1, history_event::receipt_sent, 1));
    h.record(receipt(1, history_event::receipt_acknowledged, 1));
    const auto events = h.of("1");
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].what, history_event::receipt_sent);
    EXPECT_EQ(events[1].what, history_event::receipt_acknowledged);
}

TEST(MessageHistory, DisabledOrUnkeyedRecordsNothing) {
    message_history off;
    off.record(receipt(1, history_event::receipt_sent));
    EXPECT_TRUE(off.of("1").empty());
    message_history h(4);
    h.record(receipt(0, history_event::receipt_sent));
    h.record("not-hex", history_event::accepted, t0);
    EXPECT_TRUE(h.of("0").empty());
    EXPECT_TRUE(h.of("not-hex").empty());
}

TEST(MessageHistory, NamesOfTheNewEvents) {
    EXPECT_EQ(name_of(history_event::receipt_sent), "receipt_sent");
    EXPECT_EQ(name_of(history_event::receipt_acknowledged), "receipt_acknowledged");
    EXPECT_EQ(name_of(history_event::receipt_failed), "receipt_failed");
    EXPECT_EQ(name_of(receipt_failure::session_closed), "session_closed");
    EXPECT_EQ(name_of(receipt_failure::queue_full), "queue_full");
}

}  // namespace

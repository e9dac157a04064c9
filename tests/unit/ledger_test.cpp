// The ledger through every path a message can take to its one outcome, and its summary.
#include "ledger_support.hpp"

namespace smpp::traffic {
namespace {

using namespace ledger_test;

// ---- ledger: one outcome per message ---------------------------------------------------------


TEST(Ledger, AddReturnsFirstIndexAndRegistersParts) {
    ledger book;
    EXPECT_EQ(book.add(3, 1), 0u);
    EXPECT_EQ(book.add(2, 4), 3u);
    EXPECT_EQ(book.size(), 5u);
    EXPECT_EQ(book.parts_of(2), 1);
    EXPECT_EQ(book.parts_of(4), 4);
    for (std::size_t m = 0; m < book.size(); ++m) {
        EXPECT_FALSE(book.done(m));
        EXPECT_EQ(book.result(m), outcome::pending);
    }
    EXPECT_FALSE(book.all_done());
}

TEST(Ledger, EmptyLedgerIsAllDoneAndSummarizesToZero) {
    ledger book;
    EXPECT_TRUE(book.all_done());
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 0u);
    EXPECT_EQ(s.accepted + s.rejected + s.timed_out + s.not_sent, 0u);
    EXPECT_EQ(s.seconds, 0);
    EXPECT_EQ(s.p50, 0us);
    EXPECT_EQ(s.max, 0us);
}

TEST(Ledger, SinglePartAccepted) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    EXPECT_FALSE(book.done(0));
    book.part_accepted(0, 0, "id-1", rtt, t0 + rtt);
    EXPECT_TRUE(book.done(0));
    EXPECT_TRUE(book.all_done());
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.message_id(0), "id-1");
    EXPECT_EQ(book.status(0), command_status::ok);
}

TEST(Ledger, SinglePartRejectedKeepsTheStatus) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    book.part_rejected(0, command_status::invalid_dest_addr, rtt, t0 + rtt);
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::invalid_dest_addr);
    EXPECT_TRUE(book.message_id(0).empty());
}

TEST(Ledger, SinglePartTimedOut) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    book.part_timed_out(0);
    EXPECT_EQ(book.result(0), outcome::timed_out);
    // A response that turns up after the message was settled changes nothing.
    book.part_accepted(0, 0, "late", rtt, t0 + 10s);
    EXPECT_EQ(book.result(0), outcome::timed_out);
    EXPECT_EQ(book.summarize().accepted, 0u);
}

TEST(Ledger, AllPartsAcceptedIsAcceptedWithTheFirstPartsMessageId) {
    ledger book;
    book.add(1, 3);
    for (std::uint16_t part = 0; part < 3; ++part) book.part_sent(0, part, t0);
    // Answers out of order: the message id is still the one of part 0.
    book.part_accepted(0, 2, "id-c", rtt, t0 + rtt);
    EXPECT_FALSE(book.done(0));
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    EXPECT_FALSE(book.done(0));
    book.part_accepted(0, 1, "id-b", rtt, t0 + rtt);
    EXPECT_TRUE(book.done(0));
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.message_id(0), "id-a");
}

TEST(Ledger, OneRejectedPartRejectsTheMessage) {
    ledger book;
    book.add(1, 3);
    book.part_sent(0, 0, t0);
    book.part_sent(0, 1, t0);
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    book.part_rejected(0, command_status::invalid_dest_addr, rtt, t0 + rtt);
    // Settled at once: nothing can make it accepted any more, so the traffic engine skips the
    // parts it has not sent yet (it asks done()).
    EXPECT_TRUE(book.done(0));
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::invalid_dest_addr);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::rejected);
    const auto s = book.summarize();
    EXPECT_EQ(s.rejected, 1u);
    EXPECT_EQ(s.not_sent, 0u);
}

TEST(Ledger, RejectionBeatsAnEarlierTimeoutAndKeepsTheFirstStatus) {
    ledger book;
    book.add(1, 3);
    for (std::uint16_t part = 0; part < 3; ++part) book.part_sent(0, part, t0);
    book.part_timed_out(0);
    book.part_rejected(0, command_status::throttled, rtt, t0 + rtt);
    book.part_rejected(0, command_status::system_error, rtt, t0 + rtt);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::throttled);
}

TEST(Ledger, TimeoutBeatsNotSent) {
    ledger book;
    book.add(2, 3);
    // Message 0: one part answered, one on the wire when the run ended, one never sent.
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    book.part_sent(0, 1, t0);
    // Message 1: one part timed out, the rest never sent.
    book.part_sent(1, 0, t0);
    book.part_timed_out(1);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::timed_out);
    EXPECT_EQ(book.result(1), outcome::timed_out);
}

TEST(Ledger, PartlySentAndAllAnsweredIsNotSent) {
    ledger book;
    book.add(1, 2);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-a", rtt, t0 + rtt);
    book.close_all();
    // Half a concatenated message was delivered; the message as a whole was not sent.
    EXPECT_EQ(book.result(0), outcome::not_sent);
}

TEST(Ledger, RefusedIsRejectedWithTheRefusalStatus) {
    ledger book;
    book.add(3, 2);
    book.refused(0, command_status::invalid_msg_length);
    EXPECT_TRUE(book.done(0));
    EXPECT_EQ(book.result(0), outcome::rejected);
    EXPECT_EQ(book.status(0), command_status::invalid_msg_length);
    // Refused after a part went out: still rejected, and counted once.
    book.part_sent(1, 0, t0);
    book.refused(1, command_status::invalid_source_addr);
    EXPECT_EQ(book.result(1), outcome::rejected);
    EXPECT_EQ(book.status(1), command_status::invalid_source_addr);
    // Refusing a settled message changes nothing.
    book.part_sent(2, 0, t0);
    book.part_sent(2, 1, t0);
    book.part_accepted(2, 0, "id-a", rtt, t0 + rtt);
    book.part_accepted(2, 1, "id-b", rtt, t0 + rtt);
    book.refused(2, command_status::system_error);
    book.refused(0, command_status::system_error);
    EXPECT_EQ(book.result(2), outcome::accepted);
    EXPECT_EQ(book.status(0), command_status::invalid_msg_length);
    EXPECT_TRUE(book.all_done());
    const auto s = book.summarize();
    EXPECT_EQ(s.rejected, 2u);
    EXPECT_EQ(s.accepted, 1u);
    EXPECT_EQ(s.rejected_by_status.at(command_status::invalid_msg_length), 1u);
    EXPECT_EQ(s.rejected_by_status.at(command_status::invalid_source_addr), 1u);
    EXPECT_EQ(s.rejected_by_status.count(command_status::system_error), 0u);
}

TEST(Ledger, AMessageThatCanNeverBeSentIsNotSentWithItsReason) {
    ledger book;
    book.add(3, 1);
    book.not_sendable(0, "no encoding");
    book.not_sendable(2, "no encoding");
    EXPECT_EQ(book.result(0), outcome::not_sent);
    EXPECT_EQ(book.reason(0), "no encoding");
    EXPECT_EQ(book.reason(1), "");
    EXPECT_EQ(book.reason(2), "no encoding");
    EXPECT_TRUE(book.done(0));
    const auto s = book.summarize();
    EXPECT_EQ(s.not_sent, 2u);
    EXPECT_EQ(s.rejected, 0u);
}

TEST(Ledger, RetriedPartIsNotOnTheWireUntilSentAgain) {
    ledger book;
    book.add(2, 1);
    // Message 0: throttled twice, then accepted.
    book.part_sent(0, 0, t0);
    book.part_retried(0);
    book.part_sent(0, 0, t0 + 50ms);
    book.part_retried(0);
    book.part_sent(0, 0, t0 + 150ms);
    book.part_accepted(0, 0, "id-a", rtt, t0 + 152ms);
    // Message 1: throttled and never sent again before the run ended.
    book.part_sent(1, 0, t0);
    book.part_retried(1);
    book.close_all();
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.result(1), outcome::not_sent);  // not timeout: nothing of it was left on the wire
    const auto s = book.summarize();
    EXPECT_EQ(s.retries, 3u);
    EXPECT_EQ(s.parts_submitted, 4u);
    EXPECT_EQ(s.submitted, 1u);
}

TEST(Ledger, CloseAllTimesOutTheUnansweredAndMarksTheUnsentNotSent) {
    ledger book;
    book.add(5, 1);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-0", rtt, t0 + rtt);
    book.part_sent(1, 0, t0);
    book.part_rejected(1, command_status::system_error, rtt, t0 + rtt);
    book.part_sent(2, 0, t0);  // unanswered
    book.part_sent(3, 0, t0);  // unanswered
    // 4 never sent
    EXPECT_FALSE(book.all_done());
    book.close_all();
    EXPECT_TRUE(book.all_done());
    EXPECT_EQ(book.result(0), outcome::accepted);
    EXPECT_EQ(book.result(1), outcome::rejected);
    EXPECT_EQ(book.result(2), outcome::timed_out);
    EXPECT_EQ(book.result(3), outcome::timed_out);
    EXPECT_EQ(book.result(4), outcome::not_sent);
    // Closing twice is harmless.
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 5u);
    EXPECT_EQ(s.accepted, 1u);
    EXPECT_EQ(s.rejected, 1u);
    EXPECT_EQ(s.timed_out, 2u);
    EXPECT_EQ(s.not_sent, 1u);
    EXPECT_EQ(s.submitted, 4u);
}

TEST(Ledger, SummaryCountsByStatusReceiptsAndThroughput) {
    ledger book;
    book.add(10, 1);
    // 0..5 accepted, 6..7 invalid_dest_addr, 8 throttled-then-rejected with system_error, 9 unsent.
    for (std::size_t m = 0; m < 9; ++m) book.part_sent(m, 0, t0);
    for (std::size_t m = 0; m < 6; ++m) book.part_accepted(m, 0, "id-" + std::to_string(m), rtt, t0 + 1s);
    book.part_rejected(6, command_status::invalid_dest_addr, rtt, t0 + 1s);
    book.part_rejected(7, command_status::invalid_dest_addr, rtt, t0 + 1s);
    book.part_retried(8);
    book.part_sent(8, 0, t0 + 1s);
    book.part_rejected(8, command_status::system_error, rtt, t0 + 2s);
    book.receipt_received();
    book.receipt_received();
    book.close_all();

    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 10u);
    EXPECT_EQ(s.submitted, 9u);
    EXPECT_EQ(s.parts_submitted, 10u);
    EXPECT_EQ(s.accepted, 6u);
    EXPECT_EQ(s.rejected, 3u);
    EXPECT_EQ(s.timed_out, 0u);
    EXPECT_EQ(s.not_sent, 1u);
    EXPECT_EQ(s.retries, 1u);
    EXPECT_EQ(s.receipts, 2u);
    EXPECT_EQ(s.messages, s.accepted + s.rejected + s.timed_out + s.not_sent);
    const std::map<command_status, std::uint64_t> by_status{{command_status::invalid_dest_addr, 2},
                                                              {command_status::system_error, 1}};
    EXPECT_EQ(s.rejected_by_status, by_status);
    // First submit at t0, last answer at t0 + 2 s; 9 messages answered.
    EXPECT_DOUBLE_EQ(s.seconds, 2.0);
    EXPECT_DOUBLE_EQ(s.messages_per_second, 4.5);

    const auto text = s.to_text();
    EXPECT_NE(text.find("messages 10 = accepted 6 + rejected 3 + timed out 0 + not sent 1"), std::string::npos) << text;
    EXPECT_NE(text.find("ESME_RINVDSTADR (0x0000000B): 2"), std::string::npos) << text;
    EXPECT_NE(text.find("ESME_RSYSERR (0x00000008): 1"), std::string::npos) << text;
}

// One part sent, or one retry after throttling: "1 part", "1 retry", not "1 parts", "1 retries".
TEST(Ledger, SummaryTextSaysOnePartInTheSingular) {
    ledger once;
    once.add(1, 1);
    once.part_sent(0, 0, t0);
    once.part_accepted(0, 0, "id-0", rtt, t0 + 1s);
    once.close_all();
    const auto one = once.summarize().to_text();
    EXPECT_NE(one.find("submitted 1 (1 part, 0 retries after throttling)"), std::string::npos) << one;

    ledger retried;  // throttled once, then accepted: the part went out twice
    retried.add(1, 1);
    retried.part_sent(0, 0, t0);
    retried.part_retried(0);
    retried.part_sent(0, 0, t0 + 1s);
    retried.part_accepted(0, 0, "id-0", rtt, t0 + 2s);
    retried.close_all();
    const auto two = retried.summarize().to_text();
    EXPECT_NE(two.find("submitted 1 (2 parts, 1 retry after throttling)"), std::string::npos) << two;
}

TEST(Ledger, PercentilesOfKnownLatencies) {
    ledger book;
    book.add(100, 1);
    // Latencies 1..100 ms, answered in a scrambled order.
    std::vector<int> ms(100);
    std::iota(ms.begin(), ms.end(), 1);
    std::shuffle(ms.begin(), ms.end(), std::mt19937(7));
    for (std::size_t m = 0; m < 100; ++m) {
        book.part_sent(m, 0, t0);
        const auto latency = std::chrono::milliseconds(ms[m]);
        if (m % 10 == 0)
            book.part_rejected(m, command_status::system_error, latency, t0 + latency);  // rejections count too
        else
            book.part_accepted(m, 0, "id", latency, t0 + latency);
    }
    const auto s = book.summarize();
    EXPECT_EQ(s.p50, 50ms);
    EXPECT_EQ(s.p90, 90ms);
    EXPECT_EQ(s.p99, 99ms);
    EXPECT_EQ(s.max, 100ms);
}

TEST(Ledger, SingleLatencyIsEveryPercentile) {
    ledger book;
    book.add(1, 1);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "x", 1234us, t0 + 1234us);
    const auto s = book.summarize();
    EXPECT_EQ(s.p50, 1234us);
    EXPECT_EQ(s.p99, 1234us);
    EXPECT_EQ(s.max, 1234us);
}

}  // namespace
}  // namespace smpp::traffic

// Receipts matched to the parts they report on (the ledger and its id index), and the wait for
// them before a planned unbind, in virtual time.
#include "ledger_support.hpp"
#include "smpp/timing/receipt_wait.hpp"
#include "smpp/traffic/id_index.hpp"

namespace smpp::traffic {
namespace {

using namespace ledger_test;

delivery_receipt final_receipt(std::string id, message_state s = message_state::delivered) {
    delivery_receipt r;
    r.message_id = std::move(id);
    r.state = s;
    return r;
}

// `i` in decimal, padded with dashes to `size` octets.
std::string fmt_id(std::uint32_t i, std::size_t size) {
    auto s = std::to_string(i);
    s.resize(size, '-');
    return s;
}

TEST(IdIndex, LiteralFirstThenTheSameNumberInEitherBase) {
    id_index ids;
    ids.reserve(4, 4);
    ids.add(0, "1F", true);        // hex from submit_sm_resp
    ids.add(1, "100", true);       // decimal
    ids.add(2, "abc-9", true);     // neither
    ids.add(3, "0000002A", false);  // kept, not findable
    EXPECT_EQ(ids.find("1F"), 0u);
    EXPECT_EQ(ids.find("1f"), 0u);        // same base, other case
    EXPECT_EQ(ids.find("0000001F"), 0u);  // same base, leading zeros
    EXPECT_EQ(ids.find("31"), 0u);        // decimal in the text, hex in the response
    EXPECT_EQ(ids.find("100"), 1u);
    EXPECT_EQ(ids.find("64"), 1u);        // hex in the text, decimal in the response
    EXPECT_EQ(ids.find("abc-9"), 2u);
    EXPECT_FALSE(ids.find("ABC-9"));
    EXPECT_FALSE(ids.find("42"));
    EXPECT_FALSE(ids.find(""));
    EXPECT_EQ(ids.id_of(3), "0000002A");
    EXPECT_TRUE(ids.id_of(99).empty());
}

TEST(IdIndex, GrowsPastItsReservationAndFindsEveryId) {
    id_index ids;
    constexpr std::uint32_t n = 50000;
    ids.reserve(n, 10);  // far too small: it doubles as it fills
    for (std::uint32_t i = 0; i < n; ++i) ids.add(i, "m" + std::to_string(i), true);
    for (std::uint32_t i = 0; i < n; i += 997) EXPECT_EQ(ids.find("m" + std::to_string(i)), i);
    EXPECT_FALSE(ids.find("m" + std::to_string(n)));
    // The ids fill several storage blocks: every one still reads back whole.
    for (std::uint32_t i = 0; i < n; ++i) ASSERT_EQ(ids.id_of(i), "m" + std::to_string(i)) << i;
}

TEST(IdIndex, IdsThatFillABlockExactlyGoOnInTheNext) {
    id_index ids;
    constexpr std::uint32_t n = 3000;  // 64 octets each: block ends fall exactly between two ids
    ids.reserve(n, n);
    const auto id = [](std::uint32_t i) { return fmt_id(i, 64); };
    for (std::uint32_t i = 0; i < n; ++i) ids.add(i, id(i), true);
    for (std::uint32_t i = 0; i < n; ++i) ASSERT_EQ(ids.id_of(i), id(i)) << i;
}

TEST(IdIndex, LongIdsNeverStraddleABlock) {
    id_index ids;
    constexpr std::uint32_t n = 600;  // 600 x 255 octets: past two 64 KiB blocks
    ids.reserve(n, n);
    const auto id = [](std::uint32_t i) { return std::to_string(i) + std::string(252 - i % 7, static_cast<char>('a' + i % 26)); };
    for (std::uint32_t i = 0; i < n; ++i) ids.add(i, id(i), true);
    for (std::uint32_t i = 0; i < n; ++i) {
        ASSERT_EQ(ids.id_of(i), id(i)) << i;
        ASSERT_EQ(ids.find(id(i)), i) << i;
    }
}

TEST(LedgerReceipts, EachPartIsMatchedOnceWhateverFormTheIdTakes) {
    ledger book;
    book.add(2, 2, 1);  // two messages of two parts, receipts asked for
    for (std::size_t m = 0; m < 2; ++m)
        for (std::uint16_t p = 0; p < 2; ++p) book.part_sent(m, p, t0);
    book.part_accepted(0, 0, "A0", rtt, t0);
    book.part_accepted(0, 1, "A1", rtt, t0);
    book.part_accepted(1, 0, "10", rtt, t0);
    book.part_accepted(1, 1, "11", rtt, t0);
    EXPECT_EQ(book.receipts_owed(), 4u);

    EXPECT_EQ(book.receipt(final_receipt("a0"), t0 + 100ms), receipt_match::matched);
    EXPECT_EQ(book.receipt(final_receipt("A1", message_state::undeliverable), t0 + 300ms), receipt_match::matched);
    EXPECT_EQ(book.receipt(final_receipt("16"), t0 + 50ms), receipt_match::matched);  // 0x10 in decimal
    EXPECT_EQ(book.receipt(final_receipt("A1"), t0 + 400ms), receipt_match::duplicate);
    EXPECT_FALSE(book.receipt_of(1));  // one part still owes its receipt
    EXPECT_EQ(book.receipts_owed(), 1u);

    const auto first = book.receipt_of(0);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->state, message_state::undeliverable);  // the part that failed speaks for the message
    EXPECT_EQ(first->latency, 300ms);                       // the slowest part

    auto enroute = final_receipt("11", message_state::enroute);
    enroute.intermediate = true;
    EXPECT_EQ(book.receipt(enroute, t0 + 60ms), receipt_match::intermediate);
    EXPECT_EQ(book.receipt(final_receipt("nobody"), t0), receipt_match::unmatched);
    book.receipt_unparsable();
    book.mo_received();
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.receipts, 7u);
    EXPECT_EQ(s.receipt.expected, 4u);
    EXPECT_EQ(s.receipt.matched, 3u);
    EXPECT_EQ(s.receipt.duplicate, 1u);
    EXPECT_EQ(s.receipt.intermediate, 1u);
    EXPECT_EQ(s.receipt.unmatched, 1u);
    EXPECT_EQ(s.receipt.unparsable, 1u);
    EXPECT_EQ(s.receipt.missing, 1u);
    EXPECT_EQ(s.receipt.by_state.at("DELIVRD"), 2u);
    EXPECT_EQ(s.receipt.by_state.at("UNDELIV"), 1u);
    EXPECT_EQ(s.receipt.max, 300ms);
    EXPECT_EQ(s.mo_received, 1u);
}

TEST(LedgerReceipts, AReceiptBeforeItsSubmitResponseIsMatchedLater) {
    ledger book;
    book.add(1, 1, 1);
    book.part_sent(0, 0, t0);
    EXPECT_EQ(book.receipt(final_receipt("x1"), t0 + 1ms), receipt_match::unmatched);
    book.part_accepted(0, 0, "x1", rtt, t0 + 2ms);
    book.rematch();
    EXPECT_EQ(book.receipts_owed(), 0u);
    ASSERT_TRUE(book.receipt_of(0));
    book.close_all();
    EXPECT_EQ(book.summarize().receipt.unmatched, 0u);
}

// A rematch that finds nothing for a receipt keeps it whole: the next one may still match it.
TEST(LedgerReceipts, AReceiptStillUnknownAtOneRematchIsMatchedAtTheNext) {
    ledger book;
    book.add(1, 1, 1);
    book.part_sent(0, 0, t0);
    book.receipt(final_receipt("x1"), t0 + 1ms);
    book.rematch();
    book.part_accepted(0, 0, "x1", rtt, t0 + 2ms);
    book.rematch();
    EXPECT_EQ(book.receipts_owed(), 0u);
    book.close_all();
    EXPECT_EQ(book.summarize().receipt.unmatched, 0u);
}

TEST(LedgerReceipts, NoReceiptAskedMeansNoneOwedAndNoneIndexed) {
    ledger book;
    book.add(1, 1, 0);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "id-1", rtt, t0);
    EXPECT_EQ(book.receipts_owed(), 0u);
    EXPECT_EQ(book.message_id(0), "id-1");
    EXPECT_EQ(book.receipt(final_receipt("id-1"), t0), receipt_match::unmatched);
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.receipt.missing, 0u);
    EXPECT_EQ(s.receipt.unmatched, 1u);
}

TEST(LedgerReceipts, MessagesWithoutReceiptsBeforeOnesWithKeepBothApart) {
    ledger book;
    book.add(2, 1, 0);
    book.add(1, 2, 1);
    for (std::uint16_t part = 0; part < 2; ++part) book.part_sent(2, part, t0);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "plain", rtt, t0);
    book.part_accepted(2, 0, "long-0", rtt, t0);
    book.part_accepted(2, 1, "long-1", rtt, t0);
    EXPECT_EQ(book.message_id(0), "plain");
    EXPECT_EQ(book.message_id(2), "long-0");
    EXPECT_EQ(book.receipts_owed(), 2u);
    EXPECT_FALSE(book.receipt_of(0));
    EXPECT_EQ(book.receipt(final_receipt("plain"), t0), receipt_match::unmatched);
    EXPECT_EQ(book.receipt(final_receipt("long-1"), t0), receipt_match::matched);
    EXPECT_FALSE(book.receipt_of(2));
    EXPECT_EQ(book.receipt(final_receipt("long-0"), t0), receipt_match::matched);
    ASSERT_TRUE(book.receipt_of(2));
    EXPECT_EQ(book.receipts_owed(), 0u);
}

TEST(LedgerReceipts, ForgottenMessagesLeaveTheBook) {
    ledger book;
    book.add(3, 1, 0);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "a", rtt, t0);
    book.forget_unsent();
    book.close_all();
    const auto s = book.summarize();
    EXPECT_EQ(s.messages, 1u);
    EXPECT_EQ(s.accepted, 1u);
    EXPECT_EQ(s.not_sent, 0u);
    EXPECT_TRUE(book.forgotten(2));
}

TEST(LedgerReceipts, SummaryJsonHasEveryFigure) {
    ledger book;
    book.add(1, 1, 1);
    book.part_sent(0, 0, t0);
    book.part_accepted(0, 0, "m", rtt, t0);
    book.receipt(final_receipt("m"), t0 + 250ms);
    book.close_all();
    const auto json = book.summarize().to_json();
    EXPECT_NE(json.find("\"accepted\":1,"), std::string::npos) << json;
    EXPECT_NE(json.find("\"matched\":1,"), std::string::npos) << json;
    EXPECT_NE(json.find("\"by_state\":{\"DELIVRD\":1}"), std::string::npos) << json;
    EXPECT_NE(json.find("\"max\":250.000"), std::string::npos) << json;
    EXPECT_NE(json.find("\"mo_received\":0}"), std::string::npos) << json;
    EXPECT_EQ(json.front(), '{');
    EXPECT_EQ(json.back(), '}');
}

// ---- the wait ------------------------------------------------------------------------------

using verdict = timing::receipt_wait::verdict;

TEST(ReceiptWait, EndsWhenTheLastReceiptComes) {
    timing::receipt_wait w;
    EXPECT_EQ(w.start({.receipts_owed = 2}, t0, 10s), verdict::waiting);
    EXPECT_EQ(w.deadline(), t0 + 10s);
    EXPECT_EQ(w.update({.receipts_owed = 1}, t0 + 1s), verdict::waiting);
    EXPECT_EQ(w.update({.receipts_owed = 0}, t0 + 2s), verdict::complete);
    EXPECT_FALSE(w.active());
    EXPECT_EQ(w.update({.receipts_owed = 5}, t0 + 3s), verdict::complete);  // over is over
}

TEST(ReceiptWait, SubmitsStillInFlightKeepItWaiting) {
    timing::receipt_wait w;
    EXPECT_EQ(w.start({.receipts_owed = 0, .submits_in_flight = 1}, t0, 5s), verdict::waiting);
    EXPECT_EQ(w.update({.receipts_owed = 1}, t0 + 1s), verdict::waiting);
    EXPECT_EQ(w.update({}, t0 + 2s), verdict::complete);
}

TEST(ReceiptWait, TimesOutAtTheLimitButNothingOwedAtThatInstantIsComplete) {
    timing::receipt_wait w;
    w.start({.receipts_owed = 3}, t0, 5s);
    EXPECT_EQ(w.update({.receipts_owed = 3}, t0 + 5s - 1ms), verdict::waiting);
    EXPECT_EQ(w.update({.receipts_owed = 3}, t0 + 5s), verdict::timed_out);
    timing::receipt_wait in_time;
    in_time.start({.receipts_owed = 1}, t0, 5s);
    EXPECT_EQ(in_time.update({}, t0 + 5s), verdict::complete);
}

TEST(ReceiptWait, NothingOwedOrNoTimeEndsItAtOnce) {
    timing::receipt_wait w;
    EXPECT_EQ(w.start({}, t0, 10s), verdict::complete);
    timing::receipt_wait zero;
    EXPECT_EQ(zero.start({.receipts_owed = 1}, t0, 0s), verdict::timed_out);
}

TEST(ReceiptWait, AStopRequestInterruptsIt) {
    timing::receipt_wait w;
    w.start({.receipts_owed = 1}, t0, 10s);
    EXPECT_EQ(w.interrupt(), verdict::interrupted);
    EXPECT_FALSE(w.active());
    EXPECT_EQ(w.update({}, t0 + 1s), verdict::interrupted);
    EXPECT_EQ(w.outcome(), verdict::interrupted);
}

// A run split over two books (one per thread): a receipt that arrives at the book that did not
// send its message is counted where it arrived and matched where the message is, and the two
// summarize as the one book the same run would have filled.
TEST(SplitLedger, AReceiptMatchesInTheBookThatHasItsIdAndTheSummaryAddsUp) {
    auto fill = [](ledger& book, const std::string& id) {
        book.add(1, 1, 1);
        book.part_sent(0, 0, t0);
        book.part_accepted(0, 0, id, rtt, t0 + rtt);
    };
    ledger a, b, whole;
    fill(a, "A1");
    fill(b, "B1");
    whole.add(2, 1, 1);
    for (std::size_t m = 0; m < 2; ++m) whole.part_sent(m, 0, t0);
    whole.part_accepted(0, 0, "A1", rtt, t0 + rtt);
    whole.part_accepted(1, 0, "B1", rtt, t0 + rtt);

    // Both receipts and a stranger's arrive at b.
    for (const auto* id : {"A1", "B1", "ZZ"}) {
        const auto r = final_receipt(id);
        whole.receipt(r, t0 + 5ms);
        b.receipt_received();
        if (b.receipt_if_ours(r, t0 + 5ms)) continue;
        if (a.receipt_if_ours(r, t0 + 5ms)) continue;
        b.keep_unmatched(r, t0 + 5ms);
    }
    EXPECT_EQ(a.receipts_owed(), 0u);
    EXPECT_EQ(b.receipts_owed(), 0u);
    // The stranger, handed round again, still belongs to no one and is kept once.
    for (auto& [r, at] : b.take_kept()) {
        EXPECT_FALSE(a.receipt_if_ours(r, at));
        b.keep_unmatched(r, at);
    }
    a.close_all();
    b.close_all();
    whole.close_all();
    const ledger* const books[] = {&a, &b};
    EXPECT_EQ(ledger::summarize(books).to_json(), whole.summarize().to_json());
    const auto s = ledger::summarize(books);
    EXPECT_EQ(s.receipt.matched, 2u);
    EXPECT_EQ(s.receipt.unmatched, 1u);
    EXPECT_EQ(s.receipts, 3u);
}

}  // namespace
}  // namespace smpp::traffic

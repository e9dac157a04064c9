#pragma once
// The book of every message an ESME run was given, and what became of it. Each message ends in
// exactly one outcome, so messages = accepted + rejected + timed out + not sent always holds.
// It also matches the receipts that come back to the parts they report on, whichever session
// they arrive on: ids go into an id_index as parts are accepted, so a receipt costs one lookup.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smpp/codec/command_status.hpp"
#include "smpp/codec/delivery_receipt.hpp"
#include "smpp/traffic/id_index.hpp"
#include "smpp/traffic/summary.hpp"

namespace smpp::traffic {

enum class outcome : std::uint8_t { pending, accepted, rejected, timed_out, not_sent };

std::string_view name_of(outcome o) noexcept;

// What one receipt did to the book.
enum class receipt_match : std::uint8_t { matched, intermediate, duplicate, unmatched };

// The receipt of a whole message: every accepted part has its final one.
struct message_receipt {
    message_state state = message_state::delivered;  // the first part's that was not DELIVRD, else DELIVRD
    std::optional<std::uint16_t> error;
    std::chrono::milliseconds latency{};  // the slowest part's, submit response to receipt
};

// Cheap running totals, for a progress line while the run lasts.
struct live_counts {
    std::uint64_t parts_sent = 0, accepted = 0, rejected = 0, receipts = 0, mo = 0;
};

class ledger {
public:
    using clock = std::chrono::steady_clock;

    // Registers `count` messages of `parts` segments each; returns the first index.
    // `registered_delivery` says whether a receipt is due (bits 0..1 = 1) and whether the ids
    // must be findable by receipts at all (any receipt or notification asked for).
    std::size_t add(std::size_t count, std::uint16_t parts, std::uint8_t registered_delivery = 0);

    std::size_t size() const noexcept { return entries_.size(); }
    std::uint16_t parts_of(std::size_t message) const { return entries_[message].parts; }

    void part_sent(std::size_t message, std::uint16_t part, clock::time_point now);
    // The part was refused for now (throttled) and will be sent again.
    void part_retried(std::size_t message);
    void part_accepted(std::size_t message, std::uint16_t part, std::string_view message_id, clock::duration latency,
                       clock::time_point now);
    void part_rejected(std::size_t message, command_status status, clock::duration latency, clock::time_point now);
    void part_timed_out(std::size_t message);
    // A part reported sent never left after all (the connection ended before it was written).
    void part_unsent(std::size_t message);
    // Refused before sending (the text or a field cannot be encoded): rejected with `status`.
    void refused(std::size_t message, command_status status);
    // Can never be sent (its text has no encoding, say): not sent, for `reason`.
    void not_sendable(std::size_t message, std::string reason);
    // Why a message was not sent, when the ledger knows; empty otherwise.
    std::string_view reason(std::size_t message) const;

    // A receipt PDU that named no message or no state.
    void receipt_unparsable() noexcept { ++receipts_, ++receipt_.unparsable; }
    void receipt_received() noexcept { ++receipts_; }
    receipt_match receipt(const delivery_receipt& r, clock::time_point now);
    void mo_received() noexcept { ++mo_received_; }
    // Receipts that came before their submit_sm_resp were kept aside: try them again now.
    void rematch();
    // A run split over several books (one per thread) hands a receipt that arrived elsewhere
    // to each book in turn: applied here when one of its parts has the id, else nullopt and
    // nothing counted. The book it arrived at counts it (receipt_received) and, when no book
    // matched, keeps it (keep_unmatched) as receipt() keeps a receipt it cannot match yet.
    std::optional<receipt_match> receipt_if_ours(const delivery_receipt& r, clock::time_point now);
    void keep_unmatched(const delivery_receipt& r, clock::time_point now);
    // The receipts kept aside so far, with their arrival times, for the other books to try.
    std::vector<std::pair<delivery_receipt, clock::time_point>> take_kept();
    // Accepted parts that asked for a receipt and have no final one yet.
    std::size_t receipts_owed() const noexcept { return owed_; }

    // Everything still open at the end: sent and unanswered ones time out, the rest were not sent.
    void close_all();
    // Open-ended traffic (--rate and --duration, no count): the messages never started were
    // never asked for. They leave the book: no outcome, no report line.
    void forget_unsent();
    bool forgotten(std::size_t message) const { return entries_[message].forgotten; }
    live_counts counts() const noexcept {
        return {parts_submitted_, accepted_, rejected_, receipts_, mo_received_};
    }

    bool done(std::size_t message) const { return entries_[message].result != outcome::pending; }
    bool all_done() const noexcept { return finished_ == entries_.size(); }
    outcome result(std::size_t message) const { return entries_[message].result; }
    command_status status(std::size_t message) const { return entries_[message].status; }
    std::string_view message_id(std::size_t message) const { return ids_.id_of(entries_[message].first_part); }
    // Whether the message asked for a receipt; its receipt once every accepted part has one.
    bool wants_receipt(std::size_t message) const { return entries_[message].wants_receipt; }
    std::optional<message_receipt> receipt_of(std::size_t message) const;

    summary summarize() const;
    // One summary of several books that split a run between them.
    static summary summarize(std::span<const ledger* const> books);

private:
    struct entry {
        std::uint32_t first_part = 0;  // slot of part 0 in ids_ (and parts_ when indexed)
        command_status status = command_status::ok;
        std::uint16_t parts = 1;
        std::uint16_t answered = 0;
        std::uint16_t sent = 0;  // parts on the wire or answered
        outcome worst = outcome::accepted;  // worst part outcome so far
        outcome result = outcome::pending;
        bool wants_receipt = false;
        bool indexed = false;
        bool forgotten = false;
    };
    struct part {
        clock::time_point accepted_at{};
        std::uint32_t message = 0;
        std::uint32_t receipt_us = 0;
        std::uint16_t error = 0;
        message_state state{};  // of the final receipt; 0 until it came
        bool accepted = false;
        bool has_error = false;
    };
    struct early_receipt {
        delivery_receipt r;
        clock::time_point at;
    };
    void answer(std::size_t message, outcome part_outcome);
    void finish(entry& e, outcome o);
    receipt_match apply(std::uint32_t slot, const delivery_receipt& r, clock::time_point now);
    // This book's counts added to `s`; the latencies and times are summarize()'s.
    void add_to(summary& s) const;

    std::vector<entry> entries_;
    std::vector<part> parts_;  // by slot, up to the last indexed message's parts
    std::size_t slots_ = 0;     // parts registered so far
    id_index ids_;
    std::vector<std::uint32_t> latencies_us_, receipt_latencies_us_;
    // (message, reason) in message order: unsendable messages are rare, and usually repeats.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> reason_of_;
    std::vector<std::string> reasons_;
    std::vector<early_receipt> early_;  // bounded: a flood of strangers must not grow the run
    std::size_t finished_ = 0, owed_ = 0, forgotten_ = 0;
    std::uint64_t accepted_ = 0, rejected_ = 0;
    std::uint64_t parts_submitted_ = 0, retries_ = 0, receipts_ = 0, mo_received_ = 0;
    receipt_summary receipt_;
    clock::time_point first_sent_{}, last_answer_{};
};

}  // namespace smpp::traffic

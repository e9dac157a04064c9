#pragma once
// The book of every message an ESME run was given, and what became of it. Each message ends in
// exactly one outcome, so messages = accepted + rejected + timed out + not sent always holds.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "smpp/codec/command_status.hpp"

namespace smpp::traffic {

enum class outcome : std::uint8_t { pending, accepted, rejected, timed_out, not_sent };

std::string_view name_of(outcome o) noexcept;

struct summary {
    std::uint64_t messages = 0, submitted = 0, accepted = 0, rejected = 0, timed_out = 0, not_sent = 0;
    std::uint64_t parts_submitted = 0, retries = 0, receipts = 0;
    std::map<command_status, std::uint64_t> rejected_by_status;
    double seconds = 0;  // first submit to last response
    double messages_per_second = 0;
    std::chrono::microseconds p50{}, p90{}, p99{}, max{};

    // A few lines for people; the invariant is printed so a reader can check it.
    std::string to_text() const;
};

class ledger {
public:
    using clock = std::chrono::steady_clock;

    // Registers `count` messages of `parts` segments each; returns the first index.
    std::size_t add(std::size_t count, std::uint16_t parts);

    std::size_t size() const noexcept { return entries_.size(); }
    std::uint16_t parts_of(std::size_t message) const { return entries_[message].parts; }

    void part_sent(std::size_t message, std::uint16_t part, clock::time_point now);
    // The part was refused for now (throttled) and will be sent again.
    void part_retried(std::size_t message);
    void part_accepted(std::size_t message, std::uint16_t part, std::string message_id, clock::duration latency,
                       clock::time_point now);
    void part_rejected(std::size_t message, command_status status, clock::duration latency, clock::time_point now);
    void part_timed_out(std::size_t message);
    // A part reported sent never left after all (the connection ended before it was written).
    void part_unsent(std::size_t message);
    // Refused before sending (the text or a field cannot be encoded): rejected with `status`.
    void refused(std::size_t message, command_status status);
    void receipt_received() noexcept { ++receipts_; }

    // Everything still open at the end: sent and unanswered ones time out, the rest were not sent.
    void close_all();

    bool done(std::size_t message) const { return entries_[message].result != outcome::pending; }
    bool all_done() const noexcept { return finished_ == entries_.size(); }
    outcome result(std::size_t message) const { return entries_[message].result; }
    command_status status(std::size_t message) const { return entries_[message].status; }
    const std::string& message_id(std::size_t message) const { return entries_[message].message_id; }

    summary summarize() const;

private:
    struct entry {
        std::string message_id;  // of the first part
        command_status status = command_status::ok;
        std::uint16_t parts = 1;
        std::uint16_t answered = 0;
        std::uint16_t sent = 0;  // parts on the wire or answered
        outcome worst = outcome::accepted;  // worst part outcome so far
        outcome result = outcome::pending;
    };
    void answer(std::size_t message, outcome part_outcome);
    void finish(entry& e, outcome o);

    std::vector<entry> entries_;
    std::vector<std::uint32_t> latencies_us_;
    std::size_t finished_ = 0;
    std::uint64_t parts_submitted_ = 0, retries_ = 0, receipts_ = 0;
    clock::time_point first_sent_{}, last_answer_{};
};

}  // namespace smpp::traffic

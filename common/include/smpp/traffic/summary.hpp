#pragma once
// What an ESME run did, in numbers: for people (to_text) and for scripts (to_json).
#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "smpp/codec/command_status.hpp"

namespace smpp::traffic {

// Receipts are counted per receipt PDU; a message sent in parts gets one per part.
struct receipt_summary {
    std::uint64_t expected = 0;      // accepted parts that asked for a receipt
    std::uint64_t matched = 0;       // final receipts matched to a part of ours
    std::uint64_t intermediate = 0;  // intermediate notifications (esm_class 0x20, ENROUTE) matched
    std::uint64_t duplicate = 0;     // a second final receipt for a part
    std::uint64_t unmatched = 0;     // for an id this run never got
    std::uint64_t unparsable = 0;    // a receipt esm_class, but no id or no state
    std::uint64_t missing = 0;       // messages that asked for a receipt and never got their final one
    std::map<std::string, std::uint64_t> by_state;  // matched final receipts by stat word
    std::chrono::microseconds p50{}, p90{}, p99{}, max{};  // submit response to final receipt
};

struct summary {
    std::uint64_t messages = 0, submitted = 0, accepted = 0, rejected = 0, timed_out = 0, not_sent = 0;
    std::uint64_t parts_submitted = 0, retries = 0, receipts = 0;
    std::map<command_status, std::uint64_t> rejected_by_status;
    double seconds = 0;  // first submit to last response
    double messages_per_second = 0;
    std::chrono::microseconds p50{}, p90{}, p99{}, max{};
    receipt_summary receipt;
    std::uint64_t mo_received = 0;  // deliver_sm / data_sm that were no receipt, answered

    // A few lines for people; the invariant is printed so a reader can check it.
    std::string to_text() const;
    // One JSON object with every figure above.
    std::string to_json() const;
};

}  // namespace smpp::traffic

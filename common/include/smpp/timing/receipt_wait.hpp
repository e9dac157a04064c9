#pragma once
// The wait for receipts before a planned unbind (--wait-receipts), without I/O: started once
// the traffic is over, it is told how much is still owed whenever that may have changed (a
// receipt, a submit response) and when its timer fires, and says whether to keep waiting.
// A stop request (a signal) ends it at once. Built on drain, whose rules it shares: nothing
// owed at the deadline instant counts as complete.
#include <chrono>
#include <cstddef>

#include "smpp/timing/drain.hpp"

namespace smpp::timing {

struct receipt_load {
    std::size_t receipts_owed = 0;     // accepted parts that asked for a receipt and have no final one
    std::size_t submits_in_flight = 0;  // their submit_sm_resp may still add to the receipts owed
};

class receipt_wait {
public:
    using clock = std::chrono::steady_clock;
    enum class verdict {
        waiting,     // arm a timer for deadline() and report again on the next event
        complete,    // every receipt is in
        timed_out,   // the limit passed first
        interrupted  // a stop request cut it short
    };

    verdict start(const receipt_load& load, clock::time_point now, clock::duration limit) noexcept;
    verdict update(const receipt_load& load, clock::time_point now) noexcept;
    verdict interrupt() noexcept;

    bool active() const noexcept { return wait_.active(); }
    clock::time_point deadline() const noexcept { return wait_.deadline(); }
    verdict outcome() const noexcept { return outcome_; }

private:
    drain wait_;
    verdict outcome_ = verdict::waiting;
};

}  // namespace smpp::timing

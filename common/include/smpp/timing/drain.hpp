#pragma once
// The wait before a graceful unbind, without I/O or polling: the caller starts it with a time
// limit, then tells it how much is still owed whenever something that could end it happened
// (a response sent, a response received or timed out, a session closed). It answers whether to
// keep waiting, and until when.
#include <chrono>
#include <cstddef>

namespace smpp::timing {

// What the application still owes or waits for.
struct drain_load {
    std::size_t responses_owed = 0;     // responses not yet sent (a delay line)
    std::size_t requests_in_flight = 0;  // requests sent, responses not yet in (receipts)
    bool idle() const noexcept { return responses_owed == 0 && requests_in_flight == 0; }
};

class drain {
public:
    using clock = std::chrono::steady_clock;
    enum class verdict {
        waiting,   // arm a timer for deadline() and report again on the next event
        drained,   // nothing owed: go on to unbind
        timed_out  // the limit passed with work still owed: unbind anyway
    };

    // Starts the wait at `now`; it ends at now + limit at the latest.
    void start(clock::time_point now, clock::duration limit) noexcept;
    // Called on every event that could end the wait, and when the deadline timer fires.
    verdict update(const drain_load& load, clock::time_point now) noexcept;

    bool active() const noexcept { return active_; }
    clock::time_point deadline() const noexcept { return deadline_; }
    // The last verdict that ended the wait; waiting while it runs (or before it started).
    verdict outcome() const noexcept { return outcome_; }

private:
    clock::time_point deadline_{};
    bool active_ = false;
    verdict outcome_ = verdict::waiting;
};

}  // namespace smpp::timing

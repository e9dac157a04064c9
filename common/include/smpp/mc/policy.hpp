#pragma once
// The simulator's refusal knobs as plain, deterministic counters, so tests can predict exactly
// which submit_sm is refused.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>

namespace smpp::mc {

// Refuses a fixed fraction of messages, evenly spread and without randomness: an accumulator
// gains the ratio per message and every time it reaches one, that message is refused. Kept in
// millionths so that ratios like 0.1 are exact (a double would drift after ten steps).
// Ratio 0.5 refuses the 2nd, 4th, 6th...; 1 refuses all; 0 none.
class reject_schedule {
public:
    static constexpr std::uint32_t one = 1'000'000;

    explicit reject_schedule(double ratio = 0)
        : step_(static_cast<std::uint32_t>(std::llround(std::clamp(ratio, 0.0, 1.0) * one))) {}

    // Counts one message; true when it is the one to refuse.
    bool next() noexcept {
        accumulated_ += step_;
        if (accumulated_ < one) return false;
        accumulated_ -= one;
        return true;
    }

private:
    std::uint32_t step_;
    std::uint32_t accumulated_ = 0;
};

// At most `limit` messages per one-second window; the window starts with the first message
// after the previous one ended (a fixed window, as MCs commonly count). Limit 0: no limit.
class throttle_window {
public:
    using clock = std::chrono::steady_clock;

    explicit throttle_window(std::uint32_t limit = 0) : limit_(limit) {}

    // Counts one message arriving at `now`; true when it is within the limit.
    bool admit(clock::time_point now) noexcept {
        if (limit_ == 0) return true;
        if (count_ == 0 || now >= window_start_ + std::chrono::seconds(1)) {
            window_start_ = now;
            count_ = 0;
        }
        ++count_;
        return count_ <= limit_;
    }

private:
    std::uint32_t limit_;
    std::uint32_t count_ = 0;
    clock::time_point window_start_{};
};

}  // namespace smpp::mc

#pragma once
// Spreads sends evenly at a given rate (a GCRA / virtual scheduling limiter): no bursts beyond
// `slack`, and no token bookkeeping. Rate 0 means unlimited.
#include <chrono>

namespace smpp::traffic {

class pacer {
public:
    using clock = std::chrono::steady_clock;

    explicit pacer(double per_second, clock::duration slack = std::chrono::milliseconds(5))
        : interval_(per_second > 0 ? std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / per_second))
                                   : clock::duration::zero()),
          slack_(slack) {}

    // When the next send may go: `now` or earlier means go (and call consume), a later time
    // means wait until then.
    clock::time_point next(clock::time_point now) const noexcept {
        if (interval_ == clock::duration::zero() || next_ <= now + slack_) return now;
        return next_ - slack_;
    }

    void consume(clock::time_point now) noexcept { next_ = std::max(next_, now) + interval_; }

    bool paces() const noexcept { return interval_ != clock::duration::zero(); }
    clock::duration interval() const noexcept { return interval_; }
    // When the next send became (or becomes) due, without the slack.
    clock::time_point due() const noexcept { return next_; }

private:
    clock::duration interval_;
    clock::duration slack_;
    clock::time_point next_{};
};

}  // namespace smpp::traffic

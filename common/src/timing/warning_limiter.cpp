#include "smpp/timing/warning_limiter.hpp"

#include <algorithm>
#include <utility>

namespace smpp::timing {

warning_limiter::verdict warning_limiter::on_warning(clock::time_point now) {
    verdict v;
    const bool after_quiet = !started_ || quiet_at(now);
    if (after_quiet || now - window_start_ >= limits_.interval) {
        v.suppressed = std::exchange(suppressed_, 0);
        // A flood that goes on gets its summary once per interval and no more lines in full;
        // a peer that paused for a whole interval starts afresh.
        const bool flooding = v.suppressed != 0 && !after_quiet;
        in_full_ = flooding ? limits_.burst : 0;
        window_start_ = now;
    }
    started_ = true;
    last_ = now;
    if (in_full_ < limits_.burst) {
        ++in_full_;
        v.log = true;
    } else {
        ++suppressed_;
    }
    return v;
}

std::uint64_t warning_limiter::take_suppressed() noexcept { return std::exchange(suppressed_, 0); }

warning_limiter::verdict keyed_warning_limiter::on_warning(std::string_view key, clock::time_point now) {
    auto it = limiters_.find(std::string(key));
    if (it == limiters_.end()) {
        if (limiters_.size() >= sweep_at_) sweep(now);
        it = limiters_.emplace(std::string(key), warning_limiter(limits_)).first;
    }
    return it->second.on_warning(now);
}

// Peers that went quiet would otherwise stay in the map for good. What they left out unsaid is
// dropped with them: the summary for a peer that stopped is the least useful line of all.
void keyed_warning_limiter::sweep(clock::time_point now) {
    std::erase_if(limiters_, [now](const auto& entry) { return entry.second.quiet_at(now); });
    sweep_at_ = std::max<std::size_t>(1024, limiters_.size() * 2);
}

}  // namespace smpp::timing

#pragma once
// A delay line without I/O: items come out `delay` after they went in, in the order they went
// in. The delay is the same for all, so arrival order is due order and one timer (the caller's)
// serves the whole line: arm it for next_deadline() after every push and every release.
#include <chrono>
#include <deque>
#include <optional>
#include <utility>

namespace smpp::timing {

template <typename T, typename Clock = std::chrono::steady_clock>
class delay_line {
public:
    using time_point = typename Clock::time_point;
    using duration = typename Clock::duration;

    explicit delay_line(duration delay) : delay_(delay) {}

    // False when an item pushed now would be due at once and nothing waits ahead of it: the
    // caller hands it on directly instead (no timer, no copy).
    bool holds_back() const noexcept { return delay_ > duration::zero() || !items_.empty(); }

    // Queues `item`, due at now + delay. True when it is the only one waiting: the caller arms
    // its timer for next_deadline().
    bool push(T item, time_point now) {
        items_.emplace_back(now + delay_, std::move(item));
        return items_.size() == 1;
    }

    // Hands every item due at `now` to `each`, oldest first; returns how many. `each` may push.
    template <typename Each>
    std::size_t release_due(time_point now, Each each) {
        std::size_t n = 0;
        while (!items_.empty() && items_.front().first <= now) {
            T item = std::move(items_.front().second);
            items_.pop_front();
            each(std::move(item));
            ++n;
        }
        return n;
    }

    // When the oldest item is due; nothing when the line is empty (the timer can rest).
    std::optional<time_point> next_deadline() const {
        if (items_.empty()) return std::nullopt;
        return items_.front().first;
    }

    // A new delay, for items pushed from now on; those waiting keep their due time, and one
    // due earlier behind them waits its turn (the line stays in arrival order).
    void set_delay(duration delay) noexcept { delay_ = delay; }
    duration delay() const noexcept { return delay_; }

    // Takes out the first item `pred` accepts (a linear scan, for control paths, not traffic).
    template <typename Pred>
    std::optional<T> take_if(Pred pred) {
        for (auto it = items_.begin(); it != items_.end(); ++it) {
            if (!pred(std::as_const(it->second))) continue;
            T item = std::move(it->second);
            items_.erase(it);
            return item;
        }
        return std::nullopt;
    }

    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }

    // Forgets whatever still waits, showing each item to `each` first; returns how many.
    template <typename Each>
    std::size_t clear(Each each) {
        const auto n = items_.size();
        for (auto& item : items_) each(std::as_const(item.second));
        items_.clear();
        return n;
    }
    std::size_t clear() {
        return clear([](const T&) {});
    }

private:
    duration delay_;
    std::deque<std::pair<time_point, T>> items_;
};

}  // namespace smpp::timing

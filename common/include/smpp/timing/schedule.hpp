#pragma once
// Items held until a time of their own (a schedule_delivery_time), without I/O: the caller
// passes `now`, releases what is due and keeps one timer armed for next_deadline().
#include <chrono>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace smpp::timing {

template <typename T, typename Clock = std::chrono::system_clock>
class schedule {
public:
    using time_point = typename Clock::time_point;

    // Holds `item` until `when`. True when it is now the earliest: the caller re-arms its timer.
    bool add(time_point when, T item) {
        const bool earliest = items_.empty() || when < items_.begin()->first;
        items_.emplace(when, std::move(item));
        return earliest;
    }

    // Removes every item due at `now`, earliest first (equal times in the order added), and
    // returns them: the caller re-arms for next_deadline() and then handles them, so an item
    // that comes back through add() while being handled finds a consistent schedule.
    std::vector<T> take_due(time_point now) {
        std::vector<T> due;
        while (!items_.empty() && items_.begin()->first <= now) {
            due.push_back(std::move(items_.begin()->second));
            items_.erase(items_.begin());
        }
        return due;
    }

    // Removes and returns the first item (in time order) that `match` accepts, whatever its time.
    template <typename Match>
    std::optional<T> take_if(Match match) {
        for (auto it = items_.begin(); it != items_.end(); ++it) {
            if (!match(std::as_const(it->second))) continue;
            T item = std::move(it->second);
            items_.erase(it);
            return item;
        }
        return std::nullopt;
    }

    std::optional<time_point> next_deadline() const {
        if (items_.empty()) return std::nullopt;
        return items_.begin()->first;
    }

    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    void clear() noexcept { items_.clear(); }

private:
    std::multimap<time_point, T> items_;
};

}  // namespace smpp::timing

#include "smpp/session/pending.hpp"

#include <algorithm>

namespace smpp {
namespace {
bool is_traffic(command_id id) {
    return id != command_id::unbind && id != command_id::enquire_link && !is_bind(id);
}
}  // namespace

std::optional<pending_request> pending_table::take(std::uint32_t sequence) {
    auto it = std::find_if(items_.begin(), items_.end(),
                           [sequence](const pending_request& r) { return r.sequence == sequence; });
    if (it == items_.end()) return std::nullopt;
    pending_request found = *it;
    *it = items_.back();  // order does not matter; swap-remove keeps it O(1)
    items_.pop_back();
    return found;
}

bool pending_table::contains(command_id id) const noexcept {
    return std::any_of(items_.begin(), items_.end(), [id](const pending_request& r) { return r.id == id; });
}

std::size_t pending_table::traffic_in_flight() const noexcept {
    return static_cast<std::size_t>(
        std::count_if(items_.begin(), items_.end(), [](const pending_request& r) { return is_traffic(r.id); }));
}

std::optional<clock::time_point> pending_table::earliest_deadline() const noexcept {
    if (items_.empty()) return std::nullopt;
    return std::min_element(items_.begin(), items_.end(),
                            [](const pending_request& a, const pending_request& b) { return a.deadline < b.deadline; })
        ->deadline;
}

std::vector<pending_request> pending_table::expire(clock::time_point now) {
    std::vector<pending_request> expired;
    auto due = [now](const pending_request& r) { return r.deadline <= now; };
    std::copy_if(items_.begin(), items_.end(), std::back_inserter(expired), due);
    std::erase_if(items_, due);
    return expired;
}

}  // namespace smpp

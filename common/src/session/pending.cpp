#include "smpp/session/pending.hpp"

#include <algorithm>

namespace smpp {
namespace {

bool is_traffic(command_id id) {
    return id != command_id::unbind && id != command_id::enquire_link && !is_bind(id);
}

// Dead slots are dropped once they are most of the vector: amortised O(1), a steady window
// reuses the same memory, and one request left unanswered cannot make the table grow with
// everything sent after it.
constexpr std::size_t compact_after = 64;

}  // namespace

void pending_table::add(pending_request r) {
    if (live_ != 0 && r.deadline < slots_.back().request.deadline) deadlines_in_order_ = false;
    slots_.push_back({r, true});
    ++live_;
    if (is_traffic(r.id)) ++traffic_;
    if (r.id == command_id::unbind) ++unbinds_;
    if (r.id == command_id::enquire_link) ++enquire_links_;
}

void pending_table::forget(std::size_t index) {
    auto& s = slots_[index];
    s.live = false;
    --live_;
    if (is_traffic(s.request.id)) --traffic_;
    if (s.request.id == command_id::unbind) --unbinds_;
    if (s.request.id == command_id::enquire_link) --enquire_links_;
}

void pending_table::tidy() {
    if (live_ == 0) {
        slots_.clear();
        front_ = 0;
        deadlines_in_order_ = true;
        return;
    }
    while (!slots_[front_].live) ++front_;
    if (slots_.size() >= compact_after && slots_.size() >= 2 * live_) {
        std::erase_if(slots_, [](const slot& s) { return !s.live; });
        front_ = 0;
    }
}

std::optional<pending_request> pending_table::take(std::uint32_t sequence) {
    for (std::size_t i = front_; i < slots_.size(); ++i) {
        if (!slots_[i].live || slots_[i].request.sequence != sequence) continue;
        const pending_request found = slots_[i].request;
        forget(i);
        tidy();
        return found;
    }
    return std::nullopt;
}

bool pending_table::contains(command_id id) const noexcept {
    if (id == command_id::unbind) return unbinds_ != 0;
    if (id == command_id::enquire_link) return enquire_links_ != 0;
    return std::any_of(slots_.begin() + static_cast<std::ptrdiff_t>(front_), slots_.end(),
                       [id](const slot& s) { return s.live && s.request.id == id; });
}

std::optional<clock::time_point> pending_table::earliest_deadline() const noexcept {
    if (live_ == 0) return std::nullopt;
    if (deadlines_in_order_) return slots_[front_].request.deadline;
    auto earliest = clock::time_point::max();
    for (std::size_t i = front_; i < slots_.size(); ++i)
        if (slots_[i].live) earliest = std::min(earliest, slots_[i].request.deadline);
    return earliest;
}

std::vector<pending_request> pending_table::expire(clock::time_point now) {
    std::vector<pending_request> expired;
    for (std::size_t i = front_; i < slots_.size(); ++i) {
        const auto& s = slots_[i];
        if (!s.live) continue;
        if (s.request.deadline > now) {
            if (deadlines_in_order_) break;  // everything after is due later
            continue;
        }
        expired.push_back(s.request);
        forget(i);
    }
    if (!expired.empty()) tidy();
    return expired;
}

std::vector<pending_request> pending_table::take_all() {
    std::vector<pending_request> all;
    all.reserve(live_);
    for (std::size_t i = front_; i < slots_.size(); ++i)
        if (slots_[i].live) all.push_back(slots_[i].request);
    *this = pending_table{};
    return all;
}

}  // namespace smpp

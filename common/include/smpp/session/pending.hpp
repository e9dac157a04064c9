#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "smpp/codec/command_id.hpp"

namespace smpp {

using clock = std::chrono::steady_clock;

struct pending_request {
    std::uint32_t sequence;
    command_id id;
    clock::time_point deadline;
};

// Requests sent and not yet answered. Windows are small (tens to a few hundred), so a flat
// vector beats a node-based map and allocates only when it grows.
class pending_table {
public:
    void add(pending_request r) { items_.push_back(r); }

    std::optional<pending_request> take(std::uint32_t sequence);

    bool contains(command_id id) const noexcept;
    std::size_t size() const noexcept { return items_.size(); }
    // Requests that count against the submit window (not unbind, enquire_link or bind).
    std::size_t traffic_in_flight() const noexcept;

    std::optional<clock::time_point> earliest_deadline() const noexcept;

    // Removes and returns every request whose deadline is at or before `now`.
    std::vector<pending_request> expire(clock::time_point now);

    // Removes and returns everything (the transport is gone).
    std::vector<pending_request> take_all() { return std::exchange(items_, {}); }

private:
    std::vector<pending_request> items_;
};

}  // namespace smpp

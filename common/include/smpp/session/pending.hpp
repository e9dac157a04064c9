#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "smpp/codec/command_id.hpp"

namespace smpp {

using clock = std::chrono::steady_clock;

struct pending_request {
    std::uint32_t sequence;
    command_id id;
    clock::time_point deadline;
};

// Requests sent and not yet answered. Every PDU asks how full the window is and when the next
// deadline falls, and peers answer mostly in the order they were asked: so requests are kept in
// the order sent, with counters, and the common case of each question costs O(1) rather than a
// scan of the window (which was a third of the ESME's time at window 256).
class pending_table {
public:
    void add(pending_request r);

    std::optional<pending_request> take(std::uint32_t sequence);

    bool contains(command_id id) const noexcept;
    std::size_t size() const noexcept { return live_; }
    // Requests that count against the submit window (not unbind, enquire_link or bind).
    std::size_t traffic_in_flight() const noexcept { return traffic_; }

    std::optional<clock::time_point> earliest_deadline() const noexcept;

    // Removes and returns every request whose deadline is at or before `now`, oldest first.
    std::vector<pending_request> expire(clock::time_point now);

    // Removes and returns everything (the transport is gone).
    std::vector<pending_request> take_all();

    // Slots held, answered ones included: stays within about twice size() (or a few dozen).
    std::size_t footprint() const noexcept { return slots_.size(); }

private:
    struct slot {
        pending_request request;
        bool live;
    };

    void forget(std::size_t index);  // marks the slot answered; tidy() restores the invariants
    void tidy();

    // In the order sent. An answered request stays as a dead slot until the front passes it;
    // the front is always a live slot or the end.
    std::vector<slot> slots_;
    std::size_t front_ = 0;
    std::size_t live_ = 0;
    std::size_t traffic_ = 0;
    std::size_t unbinds_ = 0;
    std::size_t enquire_links_ = 0;
    // While every deadline is at or after the one sent before it (one timeout for all traffic),
    // the front holds the earliest; a shorter timeout added later makes that false until empty.
    bool deadlines_in_order_ = true;
};

}  // namespace smpp

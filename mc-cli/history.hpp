#pragma once
// What happened to each message, for GET /messages/{id}: a ring of the last events, filled in
// place (no allocation per event), kept only while the HTTP API is on. The store holds a
// message's state; this holds how it got there.
#include <chrono>
#include <cstdint>
#include <string_view>
#include <vector>

#include "smpp/codec/pdu.hpp"

namespace smpp::mc_app {

enum class history_event : std::uint8_t { accepted, replaced, cancelled, finished, receipt_queued };

std::string_view name_of(history_event e) noexcept;

struct history_entry {
    std::uint64_t key = 0;  // the message_id's hex value
    history_event what = history_event::accepted;
    message_state state = message_state::enroute;  // finished: the final state
    std::uint8_t error = 0;                        // finished: the network error code
    std::chrono::system_clock::time_point when;
};

class message_history {
public:
    // `capacity` 0: records nothing.
    explicit message_history(std::size_t capacity = 0) : ring_(capacity) {}

    bool enabled() const noexcept { return !ring_.empty(); }
    void record(std::string_view message_id, history_event what, std::chrono::system_clock::time_point when,
                message_state state = message_state::enroute, std::uint8_t error = 0) noexcept;
    // The message's events still in the ring, oldest first.
    std::vector<history_entry> of(std::string_view message_id) const;
    void clear() noexcept;

    // A message_id as the simulator hands them out (hex, up to 16 digits); 0 for any other.
    static std::uint64_t key_of(std::string_view message_id) noexcept;

private:
    std::vector<history_entry> ring_;
    std::size_t next_ = 0;
    bool wrapped_ = false;
};

}  // namespace smpp::mc_app

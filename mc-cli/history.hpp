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

// receipt_queued: the receipt was made and handed to the router; receipt_sent: its deliver_sm
// went out; receipt_acknowledged: deliver_sm_resp ESME_ROK; receipt_failed: see the reason.
enum class history_event : std::uint8_t {
    accepted,
    replaced,
    cancelled,
    finished,
    receipt_queued,
    receipt_sent,
    receipt_acknowledged,
    receipt_failed,
};

// Why a receipt_failed: retrying is not the end, the receipt goes again after a back-off.
enum class receipt_failure : std::uint8_t {
    none,
    refused,         // a permanent error (status), or a temporary one past the retry limit
    retrying,        // a temporary error (status)
    timed_out,       // no deliver_sm_resp in time
    session_closed,  // the session closed before the answer came
    queue_full,      // dropped from its system_id's full queue
    unsendable,      // the deliver_sm did not encode
};

std::string_view name_of(history_event e) noexcept;
std::string_view name_of(receipt_failure r) noexcept;

// 32 bytes: the ring holds history_events of them, allocated once.
struct history_entry {
    std::uint64_t key = 0;  // the message_id's hex value
    std::chrono::system_clock::time_point when;
    std::uint64_t session = 0;  // receipt_sent/acknowledged/failed: its session, 0 for none
    command_status status = command_status::ok;     // receipt_failed refused/retrying: the ESME's answer
    history_event what = history_event::accepted;
    message_state state = message_state::enroute;  // finished: the final state
    std::uint8_t error = 0;                        // finished: the network error code
    receipt_failure reason = receipt_failure::none;  // receipt_failed only
};
static_assert(sizeof(history_entry) <= 40, "the ring's entries stay small");

class message_history {
public:
    // `capacity` 0: records nothing.
    explicit message_history(std::size_t capacity = 0) : ring_(capacity) {}

    bool enabled() const noexcept { return !ring_.empty(); }
    void record(std::string_view message_id, history_event what, std::chrono::system_clock::time_point when,
                message_state state = message_state::enroute, std::uint8_t error = 0) noexcept;
    // An entry made by its caller, by key (key_of()); key 0 records nothing.
    void record(const history_entry& e) noexcept;
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

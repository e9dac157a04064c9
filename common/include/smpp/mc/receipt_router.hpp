#pragma once
// Where delivery receipts go, as plain bookkeeping: to a session bound as receiver or
// transceiver with the system_id that submitted the message, round-robin among them; queued
// per system_id while none is bound; held per session while its window is full. Sending is a
// callback, so the routing is testable without sockets.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "smpp/codec/pdu.hpp"

namespace smpp::mc {

// What the MC asks of its receipt and MO routing: receipt_router below is the in-memory
// default; one shared by several MCs can implement this without the MC changing.
class receipt_router_interface {
public:
    using session_id = std::uint64_t;
    virtual ~receipt_router_interface() = default;

    // A session bound as receiver or transceiver: it takes its system_id's queued receipts.
    virtual void receiver_bound(session_id id, const std::string& system_id) = 0;
    // It is unbinding or gone: what it still held goes to another receiver or to the queue.
    virtual void receiver_gone(session_id id) = 0;
    // A new receipt (or MO message) for the sessions bound with `system_id`.
    virtual void add(const std::string& system_id, sm_body receipt) = 0;
    // The session's window has room again: a response arrived or timed out.
    virtual void window_opened(session_id id) = 0;
    // Waiting for a receiver to bind.
    virtual std::size_t queued() const noexcept = 0;
};

class receipt_router final : public receipt_router_interface {
public:
    enum class send_result {
        sent,
        window_full,  // keep it; retry when the window opens
        unavailable,  // the session is unbinding or closed: route it elsewhere
        failed,       // cannot be sent at all (does not encode): dropped
    };
    using sender = std::function<send_result(session_id, const sm_body&)>;

    // `max_queued` bounds each system_id's queue: an ESME that never binds a receiver must not
    // grow the MC without limit. The oldest receipt makes room and counts as dropped.
    explicit receipt_router(sender send, std::size_t max_queued = 100'000);

    // A session bound as receiver or transceiver: it takes its system_id's queued receipts.
    void receiver_bound(session_id id, const std::string& system_id) override;
    // It is unbinding or gone: what it still held goes to another receiver or to the queue.
    void receiver_gone(session_id id) override;
    // A new receipt for the sessions bound with `system_id`.
    void add(const std::string& system_id, sm_body receipt) override;
    // The session's window has room again: a response arrived or timed out.
    void window_opened(session_id id) override;

    std::size_t queued() const noexcept override;   // waiting for a receiver to bind
    std::size_t held() const noexcept;     // assigned, waiting for room in a window
    std::size_t dropped() const noexcept { return dropped_; }  // failed to send, or queue overflow

private:
    struct system_entry {
        std::vector<session_id> receivers;  // in bind order
        std::size_t next = 0;               // round-robin position
        std::deque<sm_body> queue;
    };
    struct receiver_entry {
        std::string system_id;
        std::deque<sm_body> held;
    };

    void pump(session_id id);

    sender send_;
    std::size_t max_queued_;
    std::map<std::string, system_entry> systems_;
    std::unordered_map<session_id, receiver_entry> receivers_;
    std::size_t dropped_ = 0;
};

}  // namespace smpp::mc

#pragma once
// The ESME traffic pump's policy without I/O: which part of which message goes out on which
// session and when. The driver reports what happened (bound, sent, answered, timed out, closed)
// with the time, and asks poll() what to do next; no clock, no timers, no sockets here, so every
// path is testable in virtual time.
//
// Session numbers are 1..sessions. Session n sends messages n-1, n-1+N, ... (round-robin), all
// sessions share one pacer (the rate), each has its own window and throttling back-off, and a
// session's unsent backlog waits across a reconnect. Every outcome goes into the ledger.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smpp/codec/command_status.hpp"
#include "smpp/timing/fifo.hpp"
#include "smpp/traffic/ledger.hpp"
#include "smpp/traffic/pacer.hpp"

namespace smpp::traffic {

struct part_ref {
    std::uint32_t message = 0;
    std::uint16_t part = 0;
    friend bool operator==(const part_ref&, const part_ref&) = default;
};

struct pump_config {
    unsigned sessions = 1;
    double rate = 0;          // messages per second over all sessions; 0: as fast as windows allow
    std::size_t window = 10;  // submits in flight per session
    std::chrono::steady_clock::duration min_backoff = std::chrono::milliseconds(50);
    std::chrono::steady_clock::duration max_backoff = std::chrono::seconds(2);
};

// What poll() asks the driver to do for one session.
struct pump_action {
    enum class kind : std::uint8_t {
        send,  // send `part` now, then report sent(), refused() or deferred()
        wait,  // poll again at `until`, or sooner when an event arrives (max: only on an event)
        idle,  // nothing to do on this session until it is bound again
    };
    kind what = kind::idle;
    part_ref part{};
    std::chrono::steady_clock::time_point until{};
};

// Maps the sequence number of each submit in flight on one session to its part and send time.
// A ring indexed by sequence number, at least twice the window: consecutive numbers land in
// consecutive slots, so a lookup is one index. A request still waiting when the ring has come
// round to its slot again (one slow answer while the others cycle) goes to a small overflow
// list: nothing is allocated per request. Both are allocated at the first request, so a
// session that never submits (a receiver, or one of 10,000 idle binds) costs a few words. (Linear probing was tried first:
// with sequential keys the occupied slots form one run, and every deletion scanned all of it.)
class flight_table {
public:
    using clock = std::chrono::steady_clock;
    struct entry {
        std::uint32_t sequence = 0;  // 0: free (SMPP sequence numbers start at 1)
        part_ref part{};
        clock::time_point sent_at{};
    };

    explicit flight_table(std::size_t window);

    // The caller keeps size() within the window.
    void add(std::uint32_t sequence, part_ref part, clock::time_point sent_at);
    std::optional<entry> take(std::uint32_t sequence);
    std::size_t size() const noexcept { return size_; }
    // Empties the table, calling f(entry) for each request still in flight.
    template <class F>
    void drain(F&& f) {
        for (auto& e : slots_)
            if (e.sequence != 0) {
                f(e);
                e = {};
            }
        for (const auto& e : overflow_) f(e);
        overflow_.clear();
        size_ = 0;
    }

private:
    std::vector<entry> slots_;
    std::vector<entry> overflow_;
    std::size_t window_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

class pump {
public:
    using clock = std::chrono::steady_clock;

    // `book` already holds every message (ledger::add); messages it has settled (refused up
    // front) are skipped.
    pump(pump_config cfg, ledger& book);

    // ---- events --------------------------------------------------------------------------
    void on_bound(unsigned session);
    // The part poll() handed out left with `sequence`.
    void sent(unsigned session, part_ref part, std::uint32_t sequence, clock::time_point now);
    // The session refused the part for good (a field error): the message is rejected.
    void refused(unsigned session, part_ref part, command_status status);
    // The session could not take the part now (window full, not bound): it goes first next time.
    void deferred(unsigned session, part_ref part);
    // A submit_sm response. False when `sequence` is not a submit of ours on that session.
    bool on_response(unsigned session, std::uint32_t sequence, command_status status, std::string message_id,
                     clock::time_point now);
    bool on_timeout(unsigned session, std::uint32_t sequence);
    // The part with `sequence` never left (the connection ended first): it is not in flight,
    // and goes first again on the next bind, or ends not sent.
    bool on_unsent(unsigned session, std::uint32_t sequence);
    // The connection is gone; what was in flight times out (the MC may have accepted it, so it
    // is never sent again). With `resume` the unsent backlog waits for the next on_bound.
    void on_closed(unsigned session, bool resume);
    // No new submits from now on; what is in flight still gets its answer.
    void stop_sending() noexcept { stopping_ = true; }

    // ---- actions -------------------------------------------------------------------------
    // What `session` should do at `now`. A send is taken out of the backlog: the driver must
    // answer it with sent(), refused() or deferred().
    pump_action poll(unsigned session, clock::time_point now);

    // ---- state ---------------------------------------------------------------------------
    // Every session has sent and settled its share, or is gone for good.
    bool all_done() const noexcept { return unfinished_ == 0; }
    std::size_t in_flight(unsigned session) const { return lane_of(session).flight.size(); }
    // Nothing in flight on any session: what a drain waits for.
    bool quiet() const noexcept { return in_flight_ == 0; }
    std::size_t in_flight() const noexcept { return in_flight_; }
    bool stopping() const noexcept { return stopping_; }

private:
    struct lane {
        explicit lane(std::size_t window) : flight(window) {}
        // A started message's other parts and throttled retries, before any fresh message.
        timing::fifo<part_ref> queue;
        // Messages not started yet: next_fresh, next_fresh + stride, ... below fresh_end. A
        // range instead of a list, so millions of messages cost nothing until they are sent.
        std::uint64_t next_fresh = 0, stride = 1, fresh_end = 0;
        flight_table flight;
        clock::duration backoff{};
        clock::time_point paused_until{};
        bool bound = false;
        bool finished = false;
    };

    lane& lane_of(unsigned session) { return lanes_[session - 1]; }
    const lane& lane_of(unsigned session) const { return lanes_[session - 1]; }
    bool has_work(const lane& l) const noexcept { return !l.queue.empty() || l.next_fresh < l.fresh_end; }
    std::optional<part_ref> take_next(lane& l);
    bool can_send_now(const lane& l, clock::time_point now) const noexcept;
    std::optional<clock::time_point> wait_for_turn(unsigned session, clock::time_point now) const noexcept;
    void settle(lane& l);
    void finish(lane& l);

    pump_config cfg_;
    ledger& book_;
    pacer pacer_;
    std::vector<lane> lanes_;  // by session number - 1
    std::size_t unfinished_ = 0;
    std::size_t in_flight_ = 0;
    unsigned paced_turn_ = 1;  // the session that has the next paced slot
    bool stopping_ = false;
};

}  // namespace smpp::traffic

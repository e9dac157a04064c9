#pragma once
// Where the MC's deliver_sm go, delivery receipts and MO messages alike, as plain bookkeeping:
// to a session bound as receiver or transceiver with the right system_id, round-robin among
// them; queued per system_id while none is bound; held per session while its window is full.
// Once the ESME answers, a deliver_sm is acknowledged, sent again after a back-off (a temporary
// error) or dropped (a permanent one). Sending is a callback and the time is passed in, so the
// routing and its retries are testable without sockets or clocks.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "smpp/codec/pdu.hpp"
#include "smpp/mc/function_ref.hpp"
#include "smpp/timing/fifo.hpp"
#include "smpp/timing/schedule.hpp"

namespace smpp::mc {

// What a deliver_sm of the MC carries.
enum class delivery_kind : std::uint8_t { receipt, mo };

// What became of the deliver_sm of one kind, for the MC's report.
struct delivery_counts {
    std::uint64_t added = 0;         // handed to the router
    std::uint64_t sent = 0;          // written out, retries included
    std::uint64_t acknowledged = 0;  // answered ESME_ROK
    std::uint64_t retried = 0;       // answered with a temporary error: sent again after a back-off
    std::uint64_t refused = 0;       // a permanent error, or a temporary one past the retry limit
    std::uint64_t unanswered = 0;    // no answer in time, or the session closed before it came
    std::uint64_t overflowed = 0;    // the queue was full: the oldest made room
    std::uint64_t failed = 0;        // could not be sent at all (does not encode)
};

// ESME_RX_T_APPN, ESME_RMSGQFUL and ESME_RTHROTTLED ask for the message again later; any other
// error refuses it for good.
constexpr bool is_temporary(command_status s) noexcept {
    return s == command_status::x_temp_app_error || s == command_status::message_queue_full ||
           s == command_status::throttled;
}

// How temporary errors are retried: the first retry after `first`, each next one after twice
// the last, never more than `longest`, and at most `retries` of them.
struct retry_policy {
    std::chrono::milliseconds first{1000};
    std::chrono::milliseconds longest{60'000};
    std::uint32_t retries = 5;

    // The back-off before retry number `n` (1 for the first).
    std::chrono::milliseconds backoff(std::uint32_t n) const noexcept;
};

// A receipt's tag: whom to tell what became of it, 0 for nobody. The MC passes its message's
// key, so following a receipt costs a number in its item, not an allocation.
using receipt_tag = std::uint64_t;

// What became of one tagged receipt, as it happens; a retried receipt is sent again.
enum class receipt_outcome : std::uint8_t {
    sent,            // its deliver_sm went out on `session`
    acknowledged,    // answered ESME_ROK
    refused,         // a permanent error, or a temporary one past the retry limit: `status`
    retrying,        // a temporary error: `status`; it goes again after a back-off
    timed_out,       // no answer in time
    session_closed,  // its session closed before the answer came
    queue_full,      // dropped from its system_id's full queue (no session)
    unsendable,      // does not encode
};

struct receipt_report {
    receipt_tag tag = 0;
    receipt_outcome what = receipt_outcome::sent;
    std::uint64_t session = 0;
    command_status status = command_status::ok;
};

// Called on the router's own thread, inside the call that caused the outcome: it must not call
// back into the router.
using receipt_follower = std::function<void(const receipt_report&)>;

// What an answer to a deliver_sm came to.
enum class answer_verdict {
    acknowledged,
    retry,    // a temporary error: it goes again at next_retry()
    refused,  // dropped and counted
    unknown,  // answers nothing the router sent (or it was already settled)
};

// What the MC asks of its receipt and MO routing: receipt_router below is the in-memory
// default; one shared by several MCs can implement this without the MC changing.
class receipt_router_interface {
public:
    using session_id = std::uint64_t;
    using time_point = std::chrono::steady_clock::time_point;
    virtual ~receipt_router_interface() = default;

    // A session bound as receiver or transceiver: it takes its system_id's queued deliver_sm.
    virtual void receiver_bound(session_id id, const std::string& system_id) = 0;
    // It is unbinding or gone: what it still held goes to another receiver or to the queue.
    // Answers to what it has in flight are still taken until session_closed().
    virtual void receiver_gone(session_id id) = 0;
    // The session has closed: what it had in flight will never be answered.
    virtual void session_closed(session_id id) = 0;
    // A new receipt for the sessions bound with `system_id`; a non-zero `tag` has its outcomes
    // reported to the follower.
    virtual void add(const std::string& system_id, sm_body receipt, receipt_tag tag) = 0;
    void add(const std::string& system_id, sm_body receipt) { add(system_id, std::move(receipt), 0); }
    // Who hears what became of tagged receipts (one follower; an empty one stops it).
    virtual void follow(receipt_follower follower) = 0;
    // A new MO message for them; its queue has its own bound.
    virtual void add_mo(const std::string& system_id, sm_body mo) = 0;
    // The session's window has room again.
    virtual void window_opened(session_id id) = 0;
    // The ESME answered deliver_sm `sequence` of session `id` with `status`, at `now`.
    virtual answer_verdict answered(session_id id, std::uint32_t sequence, command_status status,
                                    time_point now) = 0;
    // Deliver_sm `sequence` of session `id` got no answer in time.
    virtual void timed_out(session_id id, std::uint32_t sequence) = 0;
    // Sends again whatever was due for a retry at `now`.
    virtual void retry_due(time_point now) = 0;
    // When the next retry is due; nothing when none waits.
    virtual std::optional<time_point> next_retry() const = 0;
    // Calls `each` with every system_id that has a receiver bound now.
    virtual void for_each_bound(function_ref<void(const std::string&)> each) const = 0;
    // Waiting for a receiver to bind, of both kinds / of one kind.
    virtual std::size_t queued() const noexcept = 0;
    virtual std::size_t queued(delivery_kind kind) const noexcept = 0;
    // Waiting for their back-off to end, of both kinds / of one kind.
    virtual std::size_t retrying() const noexcept = 0;
    virtual std::size_t retrying(delivery_kind kind) const noexcept = 0;
    virtual delivery_counts counts(delivery_kind kind) const noexcept = 0;
};

class receipt_router final : public receipt_router_interface {
public:
    enum class send_result {
        sent,
        window_full,  // keep it; retry when the window opens
        unavailable,  // the session is unbinding or closed: route it elsewhere
        failed,       // cannot be sent at all (does not encode): dropped
    };
    // What a send did, and the sequence number it went with (0: not known, not tracked).
    struct send_attempt {
        send_attempt(send_result r, std::uint32_t seq = 0) : result(r), sequence(seq) {}  // NOLINT: implicit
        send_result result;
        std::uint32_t sequence;
    };
    using sender = std::function<send_attempt(session_id, const sm_body&)>;

    // `max_queued` and `max_queued_mo` bound each system_id's queue of receipts and of MO: an
    // ESME that never binds a receiver must not grow the MC without limit. The oldest makes
    // room and counts as overflowed.
    explicit receipt_router(sender send, std::size_t max_queued = 100'000, std::size_t max_queued_mo = 10'000,
                            retry_policy retry = {});

    void receiver_bound(session_id id, const std::string& system_id) override;
    void receiver_gone(session_id id) override;
    void session_closed(session_id id) override;
    using receipt_router_interface::add;
    void add(const std::string& system_id, sm_body receipt, receipt_tag tag) override;
    void follow(receipt_follower follower) override { follower_ = std::move(follower); }
    void add_mo(const std::string& system_id, sm_body mo) override;
    void window_opened(session_id id) override;
    answer_verdict answered(session_id id, std::uint32_t sequence, command_status status, time_point now) override;
    void timed_out(session_id id, std::uint32_t sequence) override;
    void retry_due(time_point now) override;
    std::optional<time_point> next_retry() const override { return retries_.next_deadline(); }
    void for_each_bound(function_ref<void(const std::string&)> each) const override;

    std::size_t queued() const noexcept override;
    std::size_t queued(delivery_kind kind) const noexcept override;
    std::size_t retrying() const noexcept override { return retries_.size(); }
    std::size_t retrying(delivery_kind kind) const noexcept override { return retrying_[index(kind)]; }
    delivery_counts counts(delivery_kind kind) const noexcept override { return counts_[index(kind)]; }
    // Hands what waits in `system_id`'s queues to `each`, oldest first, and forgets it, for a
    // router elsewhere (an MC on several threads) that has a receiver: that one counts it as
    // added, so this one no longer does.
    void take_queued(const std::string& system_id, function_ref<void(delivery_kind, sm_body, receipt_tag)> each);
    std::size_t held() const noexcept;     // assigned, waiting for room in a window
    std::size_t in_flight() const noexcept;  // sent, waiting for their answers
    std::size_t dropped() const noexcept;  // failed to send, or queue overflow

private:
    struct item {
        sm_body body;
        delivery_kind kind = delivery_kind::receipt;
        std::uint32_t retries = 0;  // made so far
        receipt_tag tag = 0;        // receipts only
    };
    struct flight {
        std::uint32_t sequence = 0;
        item sent;
    };
    struct system_entry {
        std::vector<session_id> receivers;  // in bind order
        std::size_t next = 0;               // round-robin position
        std::deque<item> queues[2];         // by kind, each bounded
    };
    struct receiver_entry {
        std::string system_id;
        timing::fifo<item> held;  // no allocation while empty: one receiver_entry per bound session
        std::vector<flight> flights;  // at most a window's worth: searched, not indexed
        bool gone = false;            // no longer takes new deliver_sm
    };
    struct waiting_retry {
        std::string system_id;
        item again;
    };

    static std::size_t index(delivery_kind kind) noexcept { return static_cast<std::size_t>(kind); }
    delivery_counts& count(delivery_kind kind) noexcept { return counts_[index(kind)]; }
    void route(const std::string& system_id, item it);
    void enqueue(system_entry& system, item it);
    void pump(session_id id);
    void leave_round_robin(session_id id, const std::string& system_id);
    std::optional<item> land(session_id id, std::uint32_t sequence);
    void settle(session_id id, const std::string& system_id, item it, command_status status, time_point now,
                answer_verdict& verdict);
    void report(const item& it, receipt_outcome what, session_id session = 0,
                command_status status = command_status::ok) const {
        if (it.tag != 0 && follower_) follower_(receipt_report{it.tag, what, session, status});
    }

    sender send_;
    receipt_follower follower_;
    std::size_t max_queued_[2];
    retry_policy retry_;
    std::map<std::string, system_entry> systems_;
    std::unordered_map<session_id, receiver_entry> receivers_;
    timing::schedule<waiting_retry, std::chrono::steady_clock> retries_;
    std::size_t retrying_[2] = {0, 0};  // retries_ by kind
    delivery_counts counts_[2];
};

}  // namespace smpp::mc

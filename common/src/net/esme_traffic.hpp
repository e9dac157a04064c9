#pragma once
// Feeds submit_sm to the ESME's bound sessions: each session through its own window, all of
// them through one pacer, throttled parts retried after a back-off, every outcome into the
// ledger. Runs on the client's one executor.
#include <deque>
#include <functional>
#include <optional>
#include <unordered_map>

#include "connection.hpp"
#include "smpp/net/esme_client.hpp"
#include "smpp/traffic/pacer.hpp"

namespace smpp::net {

class esme_traffic {
public:
    // Messages that cannot be encoded (text outside the alphabet, over-long fields) are
    // rejected up front with the status that says why; they still count in the ledger.
    esme_traffic(const esme_options& options, traffic::ledger& book, std::function<void()> on_all_done);

    bool has_messages() const noexcept { return book_.size() != 0; }

    void on_bound(const std::shared_ptr<connection>& c);
    void on_event(connection& c, const event& e);
    // The connection is gone. In-flight submits time out either way: the MC may have accepted
    // them, so they are never sent again. With `resume`, the parts not sent yet wait for the
    // session's next connection (a reconnect) instead of ending the session's share.
    void on_closed(connection& c, bool resume = false);
    // No new submits from now on; what is in flight still gets its answer.
    void stop_sending();

private:
    struct prepared {
        sm_body body;  // everything but the short message / payload and esm_class
        std::vector<traffic::segment> segments;
    };
    struct work {
        std::uint32_t message;
        std::uint16_t part;
    };
    struct sent {
        std::uint32_t sequence;
        work what;
        clock::time_point at;
    };
    // What a session has left to send: a started message's parts and retries first, then the
    // messages not started yet: next_fresh, next_fresh + stride, ... below fresh_end. A range
    // instead of a list, so millions of messages cost nothing until they are sent.
    struct backlog {
        std::deque<work> queue;
        std::uint64_t next_fresh = 0, stride = 1, fresh_end = 0;
    };
    struct lane : backlog {
        explicit lane(asio::any_io_executor ex) : wake(ex) {}
        // In the order sent. MCs answer mostly in that order, so the answer is found at or near
        // the front; a scan of the whole window per response was a tenth of the ESME's time.
        std::deque<sent> in_flight;
        asio::steady_timer wake;
        clock::duration backoff{};
        clock::time_point paused_until{};
    };

    void prepare(const esme_options& options);
    awaitable<void> pump(std::shared_ptr<connection> c, std::shared_ptr<lane> l);
    void send_batch(connection& c, lane& l, clock::time_point now);
    bool may_send(const session& core) const;
    pdu_body body_for(work w) const;
    const prepared& template_of(std::uint32_t message) const;
    static bool has_work(const backlog& l) noexcept { return !l.queue.empty() || l.next_fresh < l.fresh_end; }
    // The parts of the next fresh message still open, queued; false when none is left.
    bool start_fresh(backlog& l);
    void settle(connection& c, lane& l);
    void mark_finished(std::uint64_t session);
    lane& lane_of(const connection& c);

    traffic::ledger& book_;
    std::function<void()> on_all_done_;
    traffic::pacer pacer_;
    std::vector<prepared> templates_;
    // Message -> templates_ index for the listed messages; synthetic ones use the last template.
    std::vector<std::uint32_t> template_of_;
    std::uint64_t total_ = 0;
    unsigned sessions_ = 1;
    // Per session number - 1: what a session had left when its connection was lost, kept for
    // its next connection (a reconnect).
    std::vector<std::optional<backlog>> parked_;
    // Shared with the connection's pump, which may still wake after its lane is dropped here.
    std::unordered_map<const connection*, std::shared_ptr<lane>> lanes_;
    std::vector<bool> finished_;  // per session number - 1: nothing left to send or answer
    bool stopping_ = false;
};

}  // namespace smpp::net

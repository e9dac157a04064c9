#pragma once
// The Asio side of the traffic pump: turns the engine's actions (smpp/traffic/pump.hpp) into
// submit_sm on the sessions and feeds their answers back. One timer per session, armed only
// for a pacer or back-off wait: a window that fills is refilled from the response itself.
// Runs on its shard's one executor.
#include <functional>
#include <memory>
#include <vector>

#include "connection.hpp"
#include "esme_metrics.hpp"
#include "submit_templates.hpp"
#include "smpp/traffic/pump.hpp"

namespace smpp::esme {

class traffic_driver {
public:
    // The sessions are first_session .. first_session + options.sessions - 1.
    traffic_driver(net::asio::any_io_executor ex, const esme_options& options, traffic::ledger& book,
                   std::function<void()> on_all_done, unsigned first_session = 1);

    bool has_messages() const noexcept { return book_.size() != 0; }

    void on_bound(const std::shared_ptr<net::connection>& c);
    void on_event(net::connection& c, const event& e);
    // The connection is gone. In-flight submits time out either way: the MC may have accepted
    // them, so they are never sent again. With `resume`, the parts not sent yet wait for the
    // session's next connection (a reconnect) instead of ending the session's share.
    void on_closed(net::connection& c, bool resume = false);
    // No new submits from now on; what is in flight still gets its answer.
    void stop_sending();

    // No submit in flight on any session. `on_quiet` runs each time that becomes true after an
    // answer or a close, so a drain waits for the event instead of polling.
    bool quiet() const noexcept { return engine_.quiet(); }
    void on_quiet(std::function<void()> f) { on_quiet_ = std::move(f); }
    std::size_t in_flight() const noexcept { return engine_.in_flight(); }
    // Runs after each receipt and each submit answer: what a receipt wait listens to.
    void on_progress(std::function<void()> f) { on_progress_ = std::move(f); }
    // A run over several threads: a receipt for no message of this ledger goes to `f` (counted
    // here) for the other shards to match, instead of being kept as a stranger's.
    void on_stray_receipt(std::function<void(const delivery_receipt&, clock::time_point)> f) {
        on_stray_ = std::move(f);
    }
    // Per session, for GET /metrics and GET /status.
    const esme_metrics& metrics() const noexcept { return metrics_; }

private:
    struct lane {
        explicit lane(net::asio::any_io_executor ex) : wake(ex) {}
        net::asio::steady_timer wake;
        clock::time_point armed_for = clock::time_point::max();  // what `wake` waits for
        std::shared_ptr<net::connection> conn;                    // while bound
    };

    // Sends what the engine allows on session n now; `flush` outside an event (the reader
    // flushes after events itself, so the next submit leaves in the same turn).
    void pump(unsigned n, bool flush, clock::time_point now);
    // False when the engine's send could not go out (the part is given back).
    bool send(net::connection& c, unsigned n, traffic::part_ref part, clock::time_point now);
    void arm(unsigned n, clock::time_point until);
    void settled();
    // A deliver_sm or data_sm from the MC: a receipt to match, or MO to count.
    void on_incoming(unsigned n, const pdu& request);
    void unparsable(const pdu& request);
    bool may_send(const session& core) const;
    // The session's number in the engine and the lanes, which count from 1 in every shard.
    unsigned lane_of(const net::connection& c) const noexcept { return static_cast<unsigned>(c.number()) - base_; }

    traffic::ledger& book_;
    submit_templates templates_;
    traffic::pump engine_;
    std::vector<std::unique_ptr<lane>> lanes_;  // by session number - 1
    esme_metrics metrics_;
    std::function<void()> on_all_done_;
    std::function<void()> on_quiet_;
    std::function<void()> on_progress_;
    std::function<void(const delivery_receipt&, clock::time_point)> on_stray_;
    unsigned base_;  // first_session - 1
    bool done_reported_ = false;
    bool unparsable_logged_ = false;
};

}  // namespace smpp::esme

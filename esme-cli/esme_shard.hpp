#pragma once
// One io_context's share of an ESME run: its sessions with their reconnects, their traffic and
// ledger slice, their receipt wait and their shutdown. With --threads 1 it is the whole run and
// also owns the signals, the --duration timer, HTTP and the summary; with more, each thread
// runs one shard and the coordinator (esme_threads.hpp) owns those and reaches the shards
// through shard_link and by posting to their io_contexts.
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "connection.hpp"
#include "esme_options.hpp"
#include "esme_status.hpp"
#include "received.hpp"
#include "run_watch.hpp"
#include "smpp/cli/wire_metrics.hpp"
#include "smpp/log/log.hpp"
#include "smpp/net/session_group.hpp"
#include "stop_trigger.hpp"
#include "tls_setup.hpp"
#include "traffic_driver.hpp"

namespace smpp::esme {

// How the sessions ended, for the exit code.
struct tally {
    unsigned failed_to_bind = 0;
    unsigned unbind_timeouts = 0;
    unsigned lost = 0;

    void count(bool was_bound, close_reason r);
    int exit_code() const;
    tally& operator+=(const tally& o) {
        failed_to_bind += o.failed_to_bind, unbind_timeouts += o.unbind_timeouts, lost += o.lost;
        return *this;
    }
};

// The summary of any run, a receiver-only one included, from every shard's ledger; the exit code.
int finish(std::span<traffic::ledger* const> books, const tally& outcome, const esme_options& opt);

// What a shard of a run over several threads tells the coordinator; the callbacks run on the
// shard's thread and post to the coordinator.
struct shard_link {
    unsigned index = 0;          // 0..threads-1
    unsigned first_session = 1;  // the shard has sessions first_session .. first_session + sessions - 1
    std::function<void()> traffic_done;   // every message of this shard settled
    std::function<void()> receipts_done;  // its wait for receipts is over (or there was none)
    // A receipt no message of this shard has: for the next shard to try. `origin` received it.
    std::function<void(const delivery_receipt&, clock::time_point, unsigned origin)> pass_on;
    // The coordinator serves --http: count every connection's PDUs for its GET /metrics.
    bool watched = false;
};

// What a shard of a run over several threads shows of itself to GET /metrics and /status,
// copied on the shard's thread so that the coordinator may read it on its own.
struct shard_snapshot {
    bool stopping = false;
    std::vector<session_view> sessions;     // numbered as in the whole run
    esme_metrics metrics{1, 1};             // the shard's sessions 1.., counts only
    cli::metrics::wire_counts wire;
    traffic::live_counts totals;
};

// One configured session across the connections a reconnect gives it.
struct session_slot {
    explicit session_slot(net::asio::any_io_executor ex) : backoff(ex) {}
    net::asio::steady_timer backoff;             // the pause before the next attempt
    std::optional<clock::time_point> lost_at;  // connection lost, not bound again since
    unsigned attempts = 0;                       // since lost_at
    bool was_bound = false;
    std::optional<command_status> refused;       // the last bind_resp's error, if it was one
    std::weak_ptr<net::connection> current;      // the session's live connection, for the stop
};

class shard {
public:
    // `link` is absent for a run on one thread, which this shard then is all of.
    shard(esme_options o, std::optional<shard_link> link = std::nullopt);
    ~shard();

    net::awaitable<int> main();
    // The stop of a run over several threads, on this shard's thread: the graceful one, the
    // hard one, and the planned end the coordinator starts once every shard's traffic is done.
    void request_stop() { stop.request(); }
    void force_close() { group.close_all(); }
    void end_traffic();
    // A receipt another shard received and did not match, on its way round the shards.
    void try_receipt(const delivery_receipt& r, clock::time_point at, unsigned origin);
    // On this shard's thread, for the coordinator's GET /metrics and /status.
    std::unique_ptr<shard_snapshot> snapshot() const;

    net::asio::io_context io{1};
    esme_options opt;
    std::optional<shard_link> link;
    tally outcome;
    traffic::ledger book;

private:
    void planned_end();
    void receipts_waited();
    net::awaitable<void> shutdown();
    net::awaitable<bool> drain(clock::time_point deadline);
    void unbind_all();
    // No back-off: the session's first connect, which waits for its turn (start_more).
    void start_session(unsigned n, std::optional<clock::duration> backoff);
    // The first connects, at most --max-connecting at a time; each one's bind sent starts the next.
    void start_more();
    net::awaitable<bool> connect_and_bind_first(net::connection& c);
    session_slot& slot_of(std::uint64_t session) { return *slots[session - first_session()]; }
    unsigned first_session() const noexcept { return link ? link->first_session : 1; }
    net::awaitable<bool> connect_and_bind(net::connection& c, clock::duration delay);
    void on_event(net::connection& c, const event& e);
    void on_closed(net::connection& c, close_reason reason);
    std::optional<clock::duration> reconnect_delay(const net::connection& c, session_slot& s, close_reason reason);
    // The run as GET /status and GET /metrics show it.
    esme::run_view view() const;
    bool start_http();
    session_config session_settings() const;

    const clock::time_point started = clock::now();
    cli::metrics::wire_counts wire;  // every connection's PDUs and octets (a wire tap)
    // The wire counts only feed /metrics: without --http no connection pays for the tap.
    const log::logger counting_logger;
    net::tcp::resolver::results_type endpoints;
    std::vector<std::unique_ptr<session_slot>> slots;  // by session number - first_session()
    unsigned never_started = 0;  // slots whose first connect waits for a turn (the last ones)
    unsigned connecting = 0;     // first connects under way
    net::session_group group;
    net::stop_trigger stop;
    net::tls_setup tls;
    esme::traffic_driver traffic;
    esme::receipt_waiter waiter;
    esme::progress_meter progress;
    std::unique_ptr<esme::received_log> received;  // --received
    std::unique_ptr<cli::http::server> http;        // --http
};

}  // namespace smpp::esme

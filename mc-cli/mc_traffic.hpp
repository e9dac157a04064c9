#pragma once
// The simulator as an application of smpp::net::server: it answers what the sessions submit
// (after --response-delay-ms, in arrival order), stores the messages, delivers them after
// --receipt-delay-ms or at their schedule_delivery_time and routes their receipts, and makes
// MO traffic (--mo-rate, --mo-file, --echo) that travels the same routes. Its timing is the
// sans-io engines of smpp/timing and smpp/mc, each driven by one steady_timer here.
#include <cstdint>
#include <functional>
#include <memory>
#include <array>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "asio.hpp"
#include "history.hpp"
#include "knobs.hpp"
#include "mc_app.hpp"
#include "smpp/cli/metrics.hpp"
#include "smpp/mc/mo.hpp"
#include "smpp/mc/policy.hpp"
#include "smpp/mc/receipt_router.hpp"
#include "smpp/mc/simulator.hpp"
#include "smpp/net/server.hpp"
#include "smpp/timing/delay_line.hpp"
#include "smpp/timing/drain.hpp"
#include "smpp/timing/fifo.hpp"
#include "smpp/timing/schedule.hpp"

namespace smpp::mc_app {

// A response on its way out. A submission is decided as it arrives, so the reject pattern
// follows arrival order; query_sm, cancel_sm and replace_sm when their turn comes, so they see
// every message answered before them.
struct pending_response {
    pdu request;  // submissions: header only, the decision is all the response needs
    std::optional<mc::answer> decided;
    std::optional<sm_body> echo;  // --echo: the MO that follows an accepted submit_sm
    bool intermediate = false;    // registered_delivery asks for an intermediate notification
    clock::time_point arrived;    // for the response latency histogram
    // A submission's wall-clock arrival: its submit time in the store and its history's
    // `accepted`, read once.
    std::chrono::system_clock::time_point submitted;
};

// An accepted message waiting out --receipt-delay-ms for its delivery.
struct pending_delivery {
    std::string system_id;  // where its receipts go
    std::string message_id;
    std::uint64_t history_key = 0;  // message_history::key_of(message_id) while one is kept, else 0
};

// A session as GET /status shows it.
struct session_info {
    std::uint64_t id = 0;
    std::string system_id;
    std::string peer;
    session_state state = session_state::open;
    std::optional<std::chrono::system_clock::time_point> bound_since;
    std::size_t in_flight = 0;  // deliver_sm sent and not answered yet
    std::uint64_t submitted = 0;  // submissions received
    std::uint64_t rejected = 0;   // of those, answered with an error
    std::uint64_t delivers_sent = 0;
    std::uint64_t delivers_answered = 0;
};

// What POST /mo and POST /messages/{id}/deliver came to.
// not_ready: the message's submit_sm_resp has not gone out yet (a response delay).
enum class control_result { done, queued, no_receiver, not_found, already_final, not_ready, bad_text };

// What the end of the run reports, of one shard (--threads); the shards' add up.
struct end_report {
    mc::delivery_counts receipts;
    mc::delivery_counts mo;
    std::uint64_t receipts_owed = 0;  // by messages still ENROUTE, or evicted while ENROUTE
    std::uint64_t receipts_queued = 0;
    std::uint64_t mo_queued = 0;
    std::uint64_t mo_retrying = 0;
    bool unbind_timed_out = false;  // a session closed without answering its unbind in time

    end_report& operator+=(const end_report& other);
    // receipts_undelivered, mo_summary and mo_undelivered, when they apply.
    void log() const;
};

// Where one simulator stands among the shards of an MC on several threads (--threads).
class mc_traffic;
struct shard_place {
    std::size_t index = 0;  // its message ids carry it, so that they are unique over shards
    std::size_t count = 1;
    // Puts a router of its own (shard_router) between the simulator and its local one.
    std::function<std::unique_ptr<mc::receipt_router_interface>(mc::receipt_router& local)> wrap_router;
    // Runs `work` on shard `to`'s thread, on its simulator: query_sm, cancel_sm and replace_sm
    // of a message another shard owns are answered there.
    std::function<void(std::size_t to, std::function<void(mc_traffic&)> work)> post;
};

class mc_traffic final : public net::server_handler {
public:
    mc_traffic(net::asio::any_io_executor ex, const mc_options& opt, shard_place place = {});

    void on_connected(net::server_session& s) override;
    void on_bound(net::server_session& s) override;
    void on_event(net::server_session& s, const event& e) override;
    void on_closed(net::server_session& s, close_reason r) override;

    // Listening: the --mo-file script starts playing, --mo-rate ticking.
    void start();

    // Shutdown began: no new deliveries, so no new receipts, and no new MO; deliveries waiting
    // are dropped (their messages stay ENROUTE and count as undelivered).
    void begin_stop();
    // Waits until the owed responses went out and the receipts in flight were answered, or
    // `limit`; woken by those events, never polling. True when everything was answered.
    net::awaitable<bool> drain(clock::duration limit);
    // Drained: receipts and MO stay where they are from now on.
    void stop_delivering();
    // For the report at the end: what became of the receipts and MO.
    end_report final_counts() const;
    // Receivers came or went on another shard: the MO rate may have somebody to send to.
    void receivers_changed() { arm_mo_rate(); }
    // GET /metrics: sessions bound, messages by state, receipts and MO, response latency, the
    // store (mc_metrics.cpp). Beyond `max_system_ids` system_ids, the later ones are "other".
    void write_metrics(cli::metrics::text_writer& w, std::size_t max_system_ids);

    // --- control, for the HTTP API (mc_control.cpp); on the I/O thread like everything here.
    const mc_knobs& knobs() const noexcept { return knobs_; }
    // The next PDU follows `k`; the change is logged. ignore_unbind reaches the sessions
    // bound now; the server's own copy (new sessions) is its caller's to set.
    void set_knobs(const mc_knobs& k);
    std::vector<session_info> sessions() const;
    // Graceful unbind, or the TCP connection dropped; false for no such session.
    bool unbind_session(std::uint64_t id);
    bool drop_session(std::uint64_t id);
    // One MO to `m.system_id` (or to session `session`'s system_id when given): sent, queued
    // until a receiver binds (when `queue`), or refused.
    control_result inject_mo(mc::mo_message m, std::optional<std::uint64_t> session, bool queue);
    // Finishes a pending message now with this state and error, sending its receipt.
    control_result finish_message(std::string_view message_id, message_state state, std::uint8_t error);
    // Forgets the stored messages and their history, and zeroes the sessions' counters.
    void reset();
    const mc::message_store_interface& store() const noexcept { return sim_.store(); }
    // Receipts or MO handed out, sent, acknowledged... since the start.
    mc::delivery_counts delivery_totals(mc::delivery_kind kind) const noexcept { return receipts_.counts(kind); }
    const message_history& history() const noexcept { return history_; }
    // "mo-1", "mo-2", ...: what POST /mo answers with (MO have no message_id of the MC's).
    std::string next_mo_id() { return "mo-" + std::to_string(++mo_injected_); }
    // Keeps the messages' history from now on (the HTTP API is on).
    // The receipts' fate too: the router reports it for the receipts tagged with their key.
    void keep_history(std::size_t events);

private:
    struct peer_state {
        net::server_session session;
        mc::throttle_window throttle;
        timing::delay_line<pending_response> responses;
        net::asio::steady_timer timer;  // for responses.next_deadline()
        session_info counters{};        // the counters and bound_since only
        bool dropped = false;           // by DELETE /sessions/{n}: not an unbind that timed out
        // A request went to the shard that owns its message: the responses after it wait here,
        // so that they still go out in arrival order. A fifo: a deque would cost every idle
        // session 870 bytes for a queue that only --threads ever fills.
        bool asking_owner = false;
        timing::fifo<pending_response> behind_owner;
    };

    void on_request(net::server_session& s, const pdu& request);
    bool answer(net::server_session& s, const pdu& request, command_status status, pdu_body body = {});
    void arm_responses(peer_state& p);
    void release_responses(std::uint64_t session);
    // now: when the answer goes out, read once per batch by the caller (a clock read costs
    // ~30 ns here, a few percent of W1's budget per message).
    void send_response(peer_state& p, pending_response&& r, clock::time_point now);
    void forget_peer(net::server_session& s);
    // query_sm, cancel_sm and replace_sm of a message another shard made (mc_owner.cpp).
    std::size_t owner_of(const pdu& request) const;
    void ask_owner(peer_state& p, pending_response&& r, std::size_t owner);
    void owner_answered(std::uint64_t session, const pdu& request, mc::answer a, clock::time_point arrived);
    // What an answered query_sm, cancel_sm or replace_sm does besides its answer.
    void after_managing(const pdu& request, const mc::answer& a);
    void queue_delivery(pending_delivery&& d);
    void arm_deliveries();
    void deliver(pending_delivery&& d);
    void hold_until(mc::time_point when, pending_delivery&& d);
    void record_finish(std::uint64_t history_key, const mc::delivery& done, mc::time_point now);
    // Reads the wall clock only when a history is kept (--http).
    void remember(std::string_view message_id, history_event what);
    void add_receipts(const std::string& system_id, mc::delivery& done, std::uint64_t history_key);
    void record_receipt(const mc::receipt_report& r);
    bool has_receiver(const std::string& system_id) const;
    void reschedule(std::string_view message_id);
    void arm_schedule();
    void release_scheduled();
    mc::receipt_router::send_attempt send_delivery(std::uint64_t session, const sm_body& body);
    void on_deliver_answer(net::server_session& s, const event& e);
    void arm_retries();
    void notify(const std::string& system_id, std::string_view message_id);
    void send_mo(const std::string& system_id, const mc::mo_message& m);
    void add_mo(const std::string& system_id, sm_body body);
    void arm_mo_rate();
    void mo_tick();
    void arm_script();
    timing::drain_load load() const;
    void wake_drain();

    const mc_options& opt_;
    mc_knobs knobs_;  // the flags' values at start, PATCH /knobs after
    message_history history_;
    net::asio::any_io_executor executor_;
    std::unordered_map<std::uint64_t, std::unique_ptr<peer_state>> peers_;  // by session number
    mc::simulator sim_;  // shard-wide (MC-wide with --threads 1): reject pattern and ids span its sessions
    mc::receipt_router own_receipts_;
    std::unique_ptr<mc::receipt_router_interface> wrapped_receipts_;  // a shard's, else none
    mc::receipt_router_interface& receipts_;
    shard_place place_;
    timing::delay_line<pending_delivery> deliveries_;
    net::asio::steady_timer delivery_timer_;
    // Deliveries waiting for their schedule_delivery_time, earliest first.
    timing::schedule<pending_delivery> scheduled_;
    net::asio::steady_timer schedule_timer_;
    timing::drain drain_;
    net::asio::steady_timer drain_timer_;
    bool stopping_ = false;   // shutdown began: no new deliveries, so no new receipts
    bool delivering_ = true;  // cleared once drained: receipts stay where they are
    bool unbind_timed_out_ = false;
    net::asio::steady_timer retry_timer_;  // for receipts_.next_retry()
    // MO: the rate's ticks (armed only while some receiver is bound) and the script.
    mc::mo_rate mo_rate_;
    net::asio::steady_timer mo_rate_timer_;
    bool mo_rate_armed_ = false;
    mc::mo_script mo_script_;
    net::asio::steady_timer mo_script_timer_;
    std::uint64_t mo_injected_ = 0;     // POST /mo
    std::uint64_t mo_counter_ = 0;       // "{n}"
    std::uint8_t mo_reference_ = 0;      // concatenation reference of the next long MO
    bool mo_overflow_logged_ = false;    // the first overflow is logged, the total at the end
    // Metrics: bumped as things happen, read by write_metrics.
    cli::metrics::histogram response_latency_;
    std::array<cli::metrics::counter, cli::metrics::state_slots> messages_by_state_{};  // by message_state
    std::set<std::string, std::less<>> labelled_system_ids_;  // the first max_system_ids seen
};

}  // namespace smpp::mc_app

#include "smpp/net/mc_server.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "connection.hpp"
#include "run_main.hpp"
#include "smpp/net/session_group.hpp"
#include "smpp/mc/admission.hpp"
#include "smpp/mc/policy.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/mc/receipt_router.hpp"
#include "smpp/mc/simulator.hpp"
#include "stop_trigger.hpp"
#include "tls_setup.hpp"

namespace smpp {
namespace net {
namespace {

constexpr log::context process{.role = "mc"};

// Compares every byte whatever the first difference, so timing does not reveal a prefix.
bool same_secret(std::string_view given, std::string_view expected) {
    std::size_t diff = given.size() ^ expected.size();
    for (std::size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i]) ^
                (i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0u);
    return diff == 0;
}

// Items come out `delay` after they went in, in the order they went in. The delay is the same
// for all, so arrival order is due order and one timer serves the whole line.
template <typename T>
class delay_line {
public:
    delay_line(asio::any_io_executor ex, clock::duration delay, std::function<void(T&&)> release)
        : state_(std::make_shared<state>(std::move(ex), delay, std::move(release))) {}

    void push(T item) {
        auto& s = *state_;
        if (s.delay <= clock::duration::zero() && s.items.empty()) return s.release(std::move(item));
        s.items.emplace_back(clock::now() + s.delay, std::move(item));
        if (s.items.size() == 1) arm(state_);
    }
    std::size_t size() const noexcept { return state_->items.size(); }
    // Forgets whatever still waits, showing each item to `each` first; returns how many.
    template <typename Each>
    std::size_t clear(Each each) {
        const auto n = state_->items.size();
        for (auto& item : state_->items) each(item.second);
        state_->items.clear();
        state_->timer.cancel();
        return n;
    }
    std::size_t clear() {
        return clear([](const T&) {});
    }

private:
    struct state {
        state(asio::any_io_executor ex, clock::duration d, std::function<void(T&&)> r)
            : timer(std::move(ex)), delay(d), release(std::move(r)) {}
        asio::steady_timer timer;
        clock::duration delay;
        std::function<void(T&&)> release;
        std::deque<std::pair<clock::time_point, T>> items;
    };

    static void arm(const std::shared_ptr<state>& s) {
        s->timer.expires_at(s->items.front().first);
        // Weak: the line goes away with its session, possibly while the timer is pending.
        s->timer.async_wait([weak = std::weak_ptr<state>(s)](boost::system::error_code ec) {
            const auto s = weak.lock();
            if (!s || ec == asio::error::operation_aborted) return;  // re-armed or cleared
            const auto now = clock::now();
            while (!s->items.empty() && s->items.front().first <= now) {
                T item = std::move(s->items.front().second);
                s->items.pop_front();
                s->release(std::move(item));
            }
            if (!s->items.empty()) arm(s);
        });
    }

    std::shared_ptr<state> state_;
};

// A response on its way out. A submission is decided as it arrives, so the reject pattern
// follows arrival order; query_sm, cancel_sm and replace_sm when their turn comes, so they see
// every message answered before them.
struct pending_response {
    pdu request;  // submissions: header only, the decision is all the response needs
    std::optional<mc::answer> decided;
};

// An accepted message waiting out --receipt-delay-ms for its delivery.
struct pending_delivery {
    std::string system_id;  // where its receipts go
    std::string message_id;
};

// What the MC keeps per connection besides the session itself.
struct peer_state {
    std::weak_ptr<connection> conn;
    mc::throttle_window throttle;
    delay_line<pending_response> responses;
};

}  // namespace
}  // namespace net

struct mc_server::impl {
    explicit impl(mc_options o)
        : opt(std::move(o)),
          group(io.get_executor(), log::process_logger()),
          stop(io, opt.handle_signals),
          acceptor(io),
          sim(simulator_settings(opt)),
          receipts([this](std::uint64_t id, const sm_body& b) { return send_receipt(id, b); }),
          deliveries(io.get_executor(), opt.receipt_delay,
                     [this](net::pending_delivery&& d) { deliver(std::move(d)); }) {}

    static mc::simulator_config simulator_settings(const mc_options& o) {
        // Ids from the clock: a restarted MC does not hand out the ids of its previous run.
        const auto micros =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
        return {.reject_ratio = o.reject_ratio,
                .reject_status = static_cast<command_status>(o.reject_status),
                .fail_ratio = o.receipt_fail_ratio,
                .fail_state = o.receipt_fail_state,
                .fail_error = o.receipt_fail_error,
                .store_size = o.store_size,
                .first_message_id = static_cast<std::uint64_t>(micros.count())};
    }

    net::awaitable<int> main();
    net::awaitable<void> accept_loop();
    net::awaitable<bool> drain(clock::duration limit);
    bool listen();
    void on_event(net::connection& c, const event& e);
    void on_bind(net::connection& c, const pdu& request);
    void on_request(net::connection& c, const pdu& request);
    void on_receipt_answered(net::connection& c, const event& e);
    bool answer(net::connection& c, const pdu& request, command_status status, pdu_body body = {});
    void forget_peer(net::connection& c);
    void send_response(net::connection& c, net::pending_response&& r);
    void deliver(net::pending_delivery&& d);
    void hold_until(std::chrono::system_clock::time_point when, net::pending_delivery&& d);
    void reschedule(std::string_view message_id);
    void arm_schedule();
    void release_scheduled();
    mc::receipt_router::send_result send_receipt(std::uint64_t session, const sm_body& body);
    void report_receipts() const;
    command_status check_credentials(const bind_body& b) const;

    session_config session_settings() const {
        return {.self = role::mc,
                .max_pdu_size = opt.max_pdu_size,
                .bind_timeout = opt.bind_timeout,
                .response_timeout = opt.response_timeout,
                .unbind_timeout = opt.unbind_timeout,
                .enquire_link_interval = opt.enquire_link_interval,
                .inactivity_timeout = opt.inactivity_timeout,
                .ignore_unbind = opt.ignore_unbind};
    }

    mc_options opt;
    net::asio::io_context io{1};
    net::session_group group;
    net::stop_trigger stop;
    net::tcp::acceptor acceptor;
    net::tls_setup tls;
    std::uint64_t next_session = 1;
    bool unbind_timed_out = false;

    std::unordered_map<std::uint64_t, std::unique_ptr<net::peer_state>> peers;  // by session number
    mc::admission admission{opt.admission};
    mc::simulator sim;  // MC-wide, so the reject pattern and the message ids span sessions
    mc::receipt_router receipts;
    net::delay_line<net::pending_delivery> deliveries;
    // Deliveries waiting for their schedule_delivery_time, earliest first, and the timer for it.
    std::multimap<std::chrono::system_clock::time_point, net::pending_delivery> scheduled;
    net::asio::steady_timer schedule_timer{io};
    bool stopping = false;   // shutdown began: no new deliveries, so no new receipts
    bool delivering = true;  // cleared once drained: receipts stay where they are
    std::uint64_t receipts_made = 0;
    std::uint64_t receipts_sent = 0;
    std::uint64_t receipts_acked = 0;  // deliver_sm_resp with ESME_ROK
};

bool mc_server::impl::listen() {
    boost::system::error_code ec;
    net::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(opt.host, std::to_string(opt.port), ec);
    if (!ec && !endpoints.empty()) {
        const auto endpoint = endpoints.begin()->endpoint();
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(net::tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(net::asio::socket_base::max_listen_connections, ec);
    }
    if (ec || endpoints.empty()) {
        log::event(log::level::error, net::process, "listen_failed",
                   fmt::format("Cannot listen on {}:{}: {}", opt.host, opt.port, ec ? ec.message() : "no address"));
        return false;
    }
    return true;
}

net::awaitable<int> mc_server::impl::main() {
    if (!tls.load(opt.tls, role::mc, opt.unbind_timeout) || !listen()) {
        stop.release();  // else the signal handlers keep the io_context, and the process, alive
        co_return mc_exit::cannot_listen;
    }
    const auto port = acceptor.local_endpoint().port();
    log::event(log::level::info, net::process, "listening",
               fmt::format("Listening on {}:{}{}", opt.host, port, tls.enabled() ? " (TLS)" : ""), {.port = port});
    if (opt.credentials.empty() && opt.allow_any_bind)
        log::event(log::level::warn, net::process, "no_credentials", "No credentials file: accepting every bind");
    if (opt.on_listening) opt.on_listening(port);
    stop.on_second([this] { group.close_all(); });
    net::asio::co_spawn(io, accept_loop(), net::asio::detached);

    co_await stop.wait();
    log::event(log::level::info, net::process, "shutdown_started",
               fmt::format("Stopping: unbinding {} sessions", group.size()));
    boost::system::error_code ignored;
    acceptor.close(ignored);
    stopping = true;
    deliveries.clear();  // their messages stay ENROUTE: receipts owed, counted as undelivered
    scheduled.clear();
    schedule_timer.cancel();
    // Owed submit_sm_resps go out and in-flight receipts get their answers before the unbind.
    co_await drain(opt.drain_timeout);
    delivering = false;
    const bool clean = co_await group.shutdown(opt.unbind_timeout + std::chrono::seconds(1));
    stop.release();
    report_receipts();
    const bool ok = clean && !unbind_timed_out;
    log::event(ok ? log::level::info : log::level::warn, net::process, "shutdown_complete",
               ok ? "Every session unbound" : "Some sessions did not answer unbind in time");
    co_return ok ? mc_exit::ok : mc_exit::unbind_timeout;
}

net::awaitable<bool> mc_server::impl::drain(clock::duration limit) {
    const auto until = clock::now() + limit;
    auto owed = [this] {
        return std::any_of(peers.begin(), peers.end(), [](const auto& entry) {
            const auto c = entry.second->conn.lock();
            return c && !c->core().closing() && entry.second->responses.size() != 0;
        });
    };
    // Delayed submit_sm_resps first (stopping is set, so they start no receipts); then the
    // deliver_sm already in flight.
    net::asio::steady_timer tick(io);
    while (owed() && clock::now() < until) {
        tick.expires_after(std::min<clock::duration>(std::chrono::milliseconds(5), until - clock::now()));
        co_await tick.async_wait(net::use_tuple);
    }
    const bool answered = co_await group.drain(std::max(clock::duration::zero(), until - clock::now()));
    co_return answered && !owed();
}

net::awaitable<void> mc_server::impl::accept_loop() {
    net::asio::steady_timer backoff(io);
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::use_tuple);
        if (!acceptor.is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: say so and retry shortly instead of spinning.
            log::event(log::level::warn, net::process, "accept_failed", fmt::format("Accept failed: {}", ec.message()));
            backoff.expires_after(std::chrono::milliseconds(100));
            co_await backoff.async_wait(net::use_tuple);
            continue;
        }
        auto c = std::make_shared<net::connection>(tls.wrap(std::move(socket)), session_settings(), next_session++,
                                                   [this](net::connection& c, const event& e) { on_event(c, e); });
        log::event(log::level::info, c->who(), "connected", "Connection accepted", {.peer = c->peer()});
        std::weak_ptr<net::connection> weak = c;
        peers.emplace(c->number(),
                      std::make_unique<net::peer_state>(net::peer_state{
                          weak, mc::throttle_window(opt.throttle),
                          net::delay_line<net::pending_response>(io.get_executor(), opt.response_delay,
                                                                 [this, weak](net::pending_response&& r) {
                                                                     if (auto c = weak.lock()) send_response(*c, std::move(r));
                                                                 })}));
        // TLS: the handshake counts against the time a new connection has to bind.
        auto handshake = [this](net::connection& c) { return c.handshake(opt.bind_timeout); };
        group.add(c, handshake, [this](net::connection& c, close_reason r) {
            if (r == close_reason::unbind_timeout || (r == close_reason::forced && c.core().was_bound()))
                unbind_timed_out = true;
            receipts.receiver_gone(c.number());
            forget_peer(c);
            admission.release(c.number());
        });
    }
}

void mc_server::impl::on_event(net::connection& c, const event& e) {
    switch (e.kind) {
        case event_kind::bind_requested: return on_bind(c, e.message);
        case event_kind::request_received:
            return on_request(c, e.message);
        case event_kind::response_received:
            if (e.request_id == command_id::deliver_sm) on_receipt_answered(c, e);
            return;
        case event_kind::response_timeout:
            // The window has room again; the receipt counts as unanswered.
            if (e.request_id == command_id::deliver_sm) receipts.window_opened(c.number());
            return;
        case event_kind::unbind_received:
        case event_kind::unbind_sent:
        case event_kind::closing:
            // On its way out: what it still holds goes to another receiver or back to the queue.
            receipts.receiver_gone(c.number());
            return;
        default: return;
    }
}

void mc_server::impl::on_bind(net::connection& c, const pdu& request) {
    const auto& body = std::get<bind_body>(request.body);
    const auto verdict = stop.requested()
                             ? mc::bind_verdict{command_status::bind_failed, "shutdown"}
                             : admission.decide(c.number(), body.system_id, mc::address_of(c.peer()), clock::now(),
                                                [&] { return check_credentials(body); });
    if (verdict.status == command_status::ok) {
        if (!c.core().accept_bind(opt.system_id, clock::now())) return;
        const auto state = c.core().state();
        if (state == session_state::bound_rx || state == session_state::bound_trx)
            receipts.receiver_bound(c.number(), c.core().system_id());
        return;
    }
    c.core().reject_bind(verdict.status);
    // Names who tried, from where and why; never the password.
    log::event(log::level::warn, c.who(), "bind_failed",
               fmt::format("Refused bind of {}: {} ({})", body.system_id, name_of(verdict.status), verdict.reason),
               {.seq = request.sequence, .reason = verdict.reason, .peer = c.peer(), .status = name_of(verdict.status)});
}

void mc_server::impl::on_request(net::connection& c, const pdu& request) {
    const auto peer = peers.find(c.number());
    if (peer == peers.end()) {
        answer(c, request, command_status::system_error);
        return;
    }
    net::pending_response r;
    if (mc::simulator::is_submission(request.id)) {
        r.request = pdu{request.id, command_status::ok, request.sequence, {}};
        // Throttling first: a throttled submission was never considered, so it does not move
        // the reject pattern.
        if (!peer->second->throttle.admit(clock::now()))
            r.decided = mc::answer{.status = command_status::throttled};
        else
            r.decided = sim.submit(request, std::chrono::system_clock::now());
    } else {
        r.request = request;
    }
    peer->second->responses.push(std::move(r));
}

void mc_server::impl::forget_peer(net::connection& c) {
    const auto peer = peers.find(c.number());
    if (peer == peers.end()) return;
    // Delayed responses still waiting can never go out now; say so rather than drop them unseen.
    // Their messages were stored when accepted: the ESME never learns their ids, so they go.
    const auto withdraw = [this](const net::pending_response& r) {
        if (r.decided && r.decided->accepted) sim.withdraw(*r.decided->accepted);
    };
    if (const auto owed = peer->second->responses.clear(withdraw); owed != 0)
        log::event(log::level::warn, c.who(), "response_failed",
                   fmt::format("count={} responses never sent: the connection closed first", owed));
    peers.erase(peer);
}

bool mc_server::impl::answer(net::connection& c, const pdu& request, command_status status, pdu_body body) {
    const auto result = c.core().respond(request, status, std::move(body));
    // A body that does not encode: the ESME still hears that its request failed.
    if (result != command_status::ok && !c.core().closing()) c.core().respond(request, command_status::system_error);
    c.flush();
    if (result == command_status::ok) return true;
    log::event(log::level::warn, c.who(), "response_failed",
               fmt::format("Could not answer {}: {}", name_of(request.id), name_of(result)),
               {.seq = request.sequence, .status = name_of(result)});
    return false;
}

void mc_server::impl::send_response(net::connection& c, net::pending_response&& r) {
    auto a = r.decided ? std::move(*r.decided) : sim.manage(r.request, std::chrono::system_clock::now());
    const bool answered = answer(c, r.request, a.status, std::move(a.body));
    if (r.request.id == command_id::replace_sm && a.status == command_status::ok)
        reschedule(std::get<replace_sm_body>(r.request.body).message_id);
    if (!a.accepted) return;
    // The message counts once the ESME knows its message_id; its delivery clock starts now.
    if (!answered) return sim.withdraw(*a.accepted);
    if (stopping) return;
    deliveries.push(net::pending_delivery{std::string(c.core().system_id()), std::move(*a.accepted)});
}

void mc_server::impl::deliver(net::pending_delivery&& d) {
    // Held deliveries come back here at their time and ask again, so a replace_sm that moved
    // the schedule later is obeyed too.
    auto done = sim.deliver(d.message_id, std::chrono::system_clock::now());
    if (done.held_until) return hold_until(*done.held_until, std::move(d));
    for (auto& receipt : done.receipts) {
        ++receipts_made;
        receipts.add(d.system_id, std::move(receipt));
    }
}

void mc_server::impl::hold_until(std::chrono::system_clock::time_point when, net::pending_delivery&& d) {
    const bool earliest = scheduled.empty() || when < scheduled.begin()->first;
    scheduled.emplace(when, std::move(d));
    if (earliest) arm_schedule();
}

// A replace_sm that moved the schedule earlier: the held delivery is asked again now. Moves
// later need nothing here, deliver() asks when the old time comes.
void mc_server::impl::reschedule(std::string_view message_id) {
    const auto held = std::ranges::find(scheduled, message_id,
                                        [](const auto& entry) -> std::string_view { return entry.second.message_id; });
    if (held == scheduled.end()) return;
    auto d = std::move(held->second);
    scheduled.erase(held);
    deliver(std::move(d));
}

void mc_server::impl::arm_schedule() {
    if (scheduled.empty()) return;
    // A wall-clock time on the steady clock: if the system clock steps, delivery happens that
    // much off, as on a real MC.
    schedule_timer.expires_after(scheduled.begin()->first - std::chrono::system_clock::now());
    schedule_timer.async_wait([this](boost::system::error_code ec) {
        if (ec != net::asio::error::operation_aborted) release_scheduled();  // else re-armed or stopped
    });
}

void mc_server::impl::release_scheduled() {
    const auto now = std::chrono::system_clock::now();
    std::vector<net::pending_delivery> due;
    while (!scheduled.empty() && scheduled.begin()->first <= now) {
        due.push_back(std::move(scheduled.begin()->second));
        scheduled.erase(scheduled.begin());
    }
    arm_schedule();
    for (auto& d : due) deliver(std::move(d));
}

mc::receipt_router::send_result mc_server::impl::send_receipt(std::uint64_t session, const sm_body& body) {
    using result = mc::receipt_router::send_result;
    const auto peer = peers.find(session);
    if (!delivering || peer == peers.end()) return result::unavailable;
    const auto c = peer->second->conn.lock();
    if (!c) return result::unavailable;
    const auto out = c->core().send_request(command_id::deliver_sm, body, clock::now());
    if (out.ok()) {
        ++receipts_sent;
        c->flush();
        return result::sent;
    }
    if (out.status == command_status::message_queue_full) return result::window_full;
    if (out.status == command_status::invalid_bind_status) return result::unavailable;
    return result::failed;
}

void mc_server::impl::on_receipt_answered(net::connection& c, const event& e) {
    if (e.status == command_status::ok) ++receipts_acked;
    receipts.window_opened(c.number());
}

void mc_server::impl::report_receipts() const {
    // Made, plus those the messages still ENROUTE (or evicted while ENROUTE) would have made.
    const auto receipts_wanted = receipts_made + sim.receipts_evicted() + sim.store().receipts_owed();
    const auto undelivered = receipts_wanted - std::min(receipts_wanted, receipts_acked);
    if (undelivered == 0) return;
    const auto unanswered = std::min(undelivered, receipts_sent - std::min(receipts_sent, receipts_acked));
    const auto unsent = undelivered - unanswered;
    const auto no_receiver = std::min<std::uint64_t>(receipts.queued(), unsent);
    log::event(log::level::warn, net::process, "receipts_undelivered",
               fmt::format("count={} delivery receipts never acknowledged: {} never sent ({} of them waiting for a "
                           "receiver to bind), {} refused or unanswered",
                           undelivered, unsent, no_receiver, unanswered));
}

command_status mc_server::impl::check_credentials(const bind_body& b) const {
    if (opt.credentials.empty() && opt.allow_any_bind) return command_status::ok;
    const auto it = opt.credentials.find(b.system_id);
    if (it == opt.credentials.end()) return command_status::invalid_system_id;
    return net::same_secret(b.password, it->second) ? command_status::ok : command_status::invalid_password;
}

mc_server::mc_server(mc_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
mc_server::~mc_server() = default;

int mc_server::run() { return net::run_main(impl_->io, impl_->main(), mc_exit::internal_error, "mc"); }

void mc_server::stop() {
    net::asio::post(impl_->io, [this] { impl_->stop.request(); });
}

}  // namespace smpp

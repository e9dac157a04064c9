#include "smpp/net/mc_server.hpp"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "connection.hpp"
#include "run_main.hpp"
#include "session_group.hpp"
#include "smpp/mc/policy.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/mc/receipt_router.hpp"
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
    // Forgets whatever still waits; returns how many items that was.
    std::size_t clear() {
        const auto n = state_->items.size();
        state_->items.clear();
        state_->timer.cancel();
        return n;
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

// A submit_sm_resp on its way out, and the receipt it promises.
struct pending_response {
    pdu request;  // header only: respond() needs the command id and sequence
    command_status status = command_status::ok;
    std::string message_id;
    std::optional<sm_body> receipt_for;  // the submit, when it asked for a receipt
    std::chrono::system_clock::time_point submitted;
};

// A receipt waiting out --receipt-delay-ms.
struct pending_receipt {
    std::string system_id;
    sm_body submit;
    std::string message_id;
    std::chrono::system_clock::time_point submitted;
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
          group(io.get_executor()),
          stop(io, opt.handle_signals),
          acceptor(io),
          rejects(opt.reject_ratio),
          receipts([this](std::uint64_t id, const sm_body& b) { return send_receipt(id, b); }),
          receipt_delays(io.get_executor(), opt.receipt_delay,
                         [this](net::pending_receipt&& r) { route_receipt(std::move(r)); }) {
        next_message_id = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
    }

    net::awaitable<int> main();
    net::awaitable<void> accept_loop();
    net::awaitable<bool> drain(clock::duration limit);
    bool listen();
    void on_event(net::connection& c, const event& e);
    void on_bind(net::connection& c, const pdu& request);
    void on_submit(net::connection& c, const pdu& request);
    void on_receipt_answered(net::connection& c, const event& e);
    void send_response(net::connection& c, net::pending_response&& r);
    void route_receipt(net::pending_receipt&& r);
    mc::receipt_router::send_result send_receipt(std::uint64_t session, const sm_body& body);
    void report_receipts() const;
    command_status check_credentials(const bind_body& b) const;

    session_config session_settings() const {
        return {.self = role::mc,
                .bind_timeout = opt.bind_timeout,
                .response_timeout = opt.response_timeout,
                .unbind_timeout = opt.unbind_timeout,
                .enquire_link_interval = opt.enquire_link_interval,
                .ignore_unbind = opt.ignore_unbind};
    }

    mc_options opt;
    net::asio::io_context io{1};
    net::session_group group;
    net::stop_trigger stop;
    net::tcp::acceptor acceptor;
    net::tls_setup tls;
    std::uint64_t next_session = 1;
    std::uint64_t next_message_id = 0;
    bool unbind_timed_out = false;

    std::unordered_map<std::uint64_t, std::unique_ptr<net::peer_state>> peers;  // by session number
    mc::reject_schedule rejects;  // MC-wide, so the pattern holds across sessions
    mc::receipt_router receipts;
    net::delay_line<net::pending_receipt> receipt_delays;
    bool stopping = false;   // shutdown began: no new receipts
    bool delivering = true;  // cleared once drained: receipts stay where they are
    std::uint64_t receipts_wanted = 0;  // accepted submits whose receipt was asked for
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
    receipt_delays.clear();  // not yet made: counted as undelivered
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
            peers.erase(c.number());
        });
    }
}

void mc_server::impl::on_event(net::connection& c, const event& e) {
    switch (e.kind) {
        case event_kind::bind_requested: return on_bind(c, e.message);
        case event_kind::request_received:
            if (e.message.id == command_id::submit_sm) return on_submit(c, e.message);
            c.core().respond(e.message, command_status::ok);
            return;
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
    auto verdict = stop.requested() ? command_status::bind_failed : check_credentials(body);
    if (verdict == command_status::ok) {
        if (!c.core().accept_bind(opt.system_id, clock::now())) return;
        const auto state = c.core().state();
        if (state == session_state::bound_rx || state == session_state::bound_trx)
            receipts.receiver_bound(c.number(), c.core().system_id());
        return;
    }
    c.core().reject_bind(verdict);
    // Names who tried and from where; never the password.
    log::event(log::level::warn, c.who(), "bind_failed", fmt::format("Refused bind: {}", name_of(verdict)),
               {.seq = request.sequence, .peer = c.peer(), .status = name_of(verdict)});
}

void mc_server::impl::on_submit(net::connection& c, const pdu& request) {
    const auto peer = peers.find(c.number());
    if (peer == peers.end()) return;
    net::pending_response r{.request = pdu{request.id, command_status::ok, request.sequence, {}}};
    // Throttling first: a throttled submit was never considered, so it does not move the
    // reject pattern.
    if (!peer->second->throttle.admit(clock::now())) {
        r.status = command_status::throttled;
    } else if (rejects.next()) {
        r.status = static_cast<command_status>(opt.reject_status);
    } else {
        r.message_id = fmt::format("{:x}", next_message_id++);
        const auto* body = std::get_if<sm_body>(&request.body);
        if (body && mc::wants_receipt(body->registered_delivery)) {
            r.receipt_for = *body;
            r.submitted = std::chrono::system_clock::now();
        }
    }
    peer->second->responses.push(std::move(r));
}

void mc_server::impl::send_response(net::connection& c, net::pending_response&& r) {
    pdu_body body;
    if (r.status == command_status::ok) body = sm_resp_body{r.message_id};
    const bool sent = c.core().respond(r.request, r.status, std::move(body)) == command_status::ok;
    c.flush();
    // A receipt's clock starts once the ESME knows the message_id it will name.
    if (!sent || !r.receipt_for) return;
    ++receipts_wanted;
    if (stopping) return;
    receipt_delays.push(net::pending_receipt{std::string(c.core().system_id()), std::move(*r.receipt_for),
                                             std::move(r.message_id), r.submitted});
}

void mc_server::impl::route_receipt(net::pending_receipt&& r) {
    const mc::receipt_facts facts{.message_id = r.message_id,
                                  .submitted = r.submitted,
                                  .done = std::chrono::system_clock::now(),
                                  .text = mc::message_of(r.submit)};
    receipts.add(r.system_id, mc::receipt_body(r.submit, facts));
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

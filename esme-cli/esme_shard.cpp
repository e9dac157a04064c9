#include "esme_shard.hpp"

#include <fmt/format.h>

#include "report.hpp"

namespace smpp::esme {
namespace {

constexpr log::context process{.role = "esme"};

// Refusals that the same bind will meet again however long we wait: the credentials changed.
// Retrying them only feeds the MC's failed-bind limit. ESME_RALYBND and the like may pass.
bool refused_for_good(command_status s) {
    return s == command_status::invalid_password || s == command_status::invalid_system_id;
}

// Losses worth a new connection. An unbind (either side's) or a stop is deliberate.
bool lost(close_reason r) {
    switch (r) {
        case close_reason::unbound:
        case close_reason::unbind_timeout:
        case close_reason::shutdown:
        case close_reason::forced: return false;
        default: return true;
    }
}

}  // namespace

void tally::count(bool was_bound, close_reason r) {
    if (r == close_reason::unbound || r == close_reason::shutdown) return;
    if (!was_bound)
        ++failed_to_bind;
    else if (r == close_reason::unbind_timeout || r == close_reason::forced)
        ++unbind_timeouts;
    else
        ++lost;
}

int tally::exit_code() const {
    if (failed_to_bind) return esme_exit::connect_or_bind_failed;
    if (unbind_timeouts) return esme_exit::unbind_timeout;
    if (lost) return esme_exit::connection_lost;
    return esme_exit::ok;
}

int finish(std::span<traffic::ledger* const> books, const tally& outcome, const esme_options& opt) {
    const auto summary = esme::finish_run(books, opt);
    int code = outcome.exit_code();
    if (esme::failed_checks(summary, opt.fail_on, outcome.unbind_timeouts != 0)) {
        log::event(log::level::warn, process, "checks_failed", "An outcome listed in --fail-on happened");
        code = esme_exit::checks_failed;
    }
    log::event(code == esme_exit::ok ? log::level::info : log::level::warn, process, "shutdown_complete",
               code == esme_exit::ok ? "Every bound session unbound cleanly"
                                     : fmt::format("Finished with problems (exit code {})", code));
    return code;
}

shard::shard(esme_options o, std::optional<shard_link> l)
    : opt(std::move(o)),
      link(std::move(l)),
      counting_logger(opt.http || (link && link->watched) ? cli::metrics::counting(log::process_logger(), wire) : log::process_logger()),
      group(io.get_executor(), log::process_logger()),
      stop(io, opt.handle_signals),
      // Every message settled: the planned end. The stop it requests at last is the graceful
      // one, never a second request, which would cut the other sessions' unbind short.
      traffic(io.get_executor(), opt, book, [this] { planned_end(); }, first_session()),
      waiter(io.get_executor(), book, traffic, [this] { receipts_waited(); }),
      progress(io.get_executor(), book, traffic) {
    traffic.on_progress([this] { waiter.check(); });
    if (link)
        traffic.on_stray_receipt(
            [this](const delivery_receipt& r, clock::time_point at) { link->pass_on(r, at, link->index); });
    if (!opt.received_path.empty())
        received = std::make_unique<esme::received_log>(opt.received_path, opt.reassembly_timeout);
}

shard::~shard() = default;

session_config shard::session_settings() const {
    return {.self = role::esme,
            .max_pdu_size = opt.max_pdu_size,
            .bind_timeout = opt.bind_timeout,
            .response_timeout = opt.response_timeout,
            .unbind_timeout = opt.unbind_timeout,
            .enquire_link_interval = opt.enquire_link_interval,
            .inactivity_timeout = opt.inactivity_timeout,
            .window = opt.window};
}

net::awaitable<int> shard::main() {
    if (!tls.load(opt.tls, role::esme, opt.unbind_timeout, log::process_logger())) {
        stop.release();
        co_return esme_exit::connect_or_bind_failed;
    }
    net::tcp::resolver resolver(io);
    auto [ec, resolved] = co_await resolver.async_resolve(opt.host, std::to_string(opt.port), net::use_tuple);
    if (ec) {
        log::event(log::level::error, process, "resolve_failed", fmt::format("Cannot resolve {}: {}", opt.host, ec.message()));
        stop.release();
        co_return esme_exit::connect_or_bind_failed;
    }
    endpoints = std::move(resolved);
    if (opt.http && !start_http()) {
        stop.release();
        co_return esme_exit::internal_error;
    }
    for (unsigned n = 0; n < opt.sessions; ++n) slots.push_back(std::make_unique<session_slot>(io.get_executor()));
    never_started = opt.sessions;
    start_more();

    net::asio::steady_timer duration(io);
    if (opt.duration) {
        duration.expires_after(*opt.duration);
        duration.async_wait([this](boost::system::error_code e) {
            // Over during a receipt wait: the duration is the hard limit, so unbind now.
            if (!e) waiter.active() ? stop.request() : planned_end();
        });
    }
    progress.start(opt.progress);
    stop.on_second([this] {
        log::event(log::level::warn, process, "forced_close", "Second stop request: closing every session now");
        group.close_all();
    });

    using namespace net::asio::experimental::awaitable_operators;
    co_await (stop.wait() || group.until_empty(clock::time_point::max()));
    waiter.interrupt();  // a stop request, or every session gone: the unbind starts now
    progress.stop();
    if (group.size() != 0) co_await shutdown();
    if (received) received->finish();
    duration.cancel();
    stop.release();
    if (http) http->stop();
    // A shard of several: the coordinator sums up every shard once all are done.
    if (link) co_return esme_exit::ok;
    traffic::ledger* const books[] = {&book};
    co_return finish(books, outcome, opt);
}

// The end of the traffic by plan (every message settled, or --duration over), not by a signal:
// with --wait-receipts the sessions stay bound for the receipts still owed first.
// Over several threads the receipts of one shard's messages may still come to the sessions of
// another, so the coordinator ends the traffic of every shard at once, when all are done.
void shard::planned_end() {
    if (stop.requested() || waiter.active()) return;
    if (link) return link->traffic_done();
    end_traffic();
}

void shard::end_traffic() {
    if (stop.requested() || waiter.active()) return;
    if (opt.wait_receipts <= clock::duration::zero()) return receipts_waited();
    traffic.stop_sending();
    book.rematch();
    // Every shard's submits are answered by now, so the receipts that came before their
    // submit_sm_resp find their message this time round.
    if (link)
        for (const auto& [r, at] : book.take_kept()) link->pass_on(r, at, link->index);
    waiter.start(opt.wait_receipts);
}

void shard::receipts_waited() {
    if (link) return link->receipts_done();
    if (!stop.requested()) stop.request();
}

// Back where it arrived, the shard tries its own book again: its own submit_sm_resp may have
// come in meanwhile. Only then is it kept, as a stranger's is.
void shard::try_receipt(const delivery_receipt& r, clock::time_point at, unsigned origin) {
    const auto match = book.receipt_if_ours(r, at);
    if (!match) return origin == link->index ? book.keep_unmatched(r, at) : link->pass_on(r, at, origin);
    if (*match == traffic::receipt_match::matched) waiter.check();
}

// Drain, unbind, hard stop: each phase has one deadline, set when it starts.
net::awaitable<void> shard::shutdown() {
    log::event(log::level::info, process, "shutdown_started",
               fmt::format("Stopping: unbinding {} {}", group.size(), log::plural(group.size(), "session")));
    // Nothing new goes out; what is in flight gets its answer (bounded) before unbind.
    traffic.stop_sending();
    const bool drained = co_await drain(clock::now() + opt.drain_timeout);
    if (!drained)
        log::event(log::level::warn, process, "drain_timeout", "Responses still missing at --drain-timeout; unbinding");
    unbind_all();
    co_await group.until_empty(clock::now() + opt.unbind_timeout);
    if (group.size() != 0) {
        // A forced close cancels every operation, so the sessions end at once: no second deadline.
        group.close_overdue();
        co_await group.until_empty(clock::time_point::max());
    }
}

// Waits for the last answer in flight: the driver says when, so the unbind starts at once.
net::awaitable<bool> shard::drain(clock::time_point deadline) {
    if (!traffic.quiet()) {
        net::asio::steady_timer quiet(io, deadline);
        traffic.on_quiet([&quiet] { quiet.cancel(); });
        co_await quiet.async_wait(net::use_tuple);
        traffic.on_quiet({});
    }
    co_return traffic.quiet();
}

// Every session unbinds at once, so stopping N sessions costs one round trip, not N.
void shard::unbind_all() {
    for (auto& s : slots)
        if (auto c = s->current.lock()) c->unbind();
}

// A stop meanwhile leaves the rest unstarted: closed before bound, as a stop makes them anyway.
void shard::start_more() {
    while (never_started != 0 && (opt.max_connecting == 0 || connecting < opt.max_connecting) && !stop.requested()) {
        ++connecting;
        start_session(first_session() + opt.sessions - never_started--, std::nullopt);
    }
}

// A reconnect's back-off spreads them out already: it takes no turn.
void shard::start_session(unsigned n, std::optional<clock::duration> backoff) {
    auto c = std::make_shared<net::connection>(tls.wrap(net::tcp::socket(io), opt.host), session_settings(), n,
                                               [this](net::connection& c, const event& e) { on_event(c, e); },
                                               counting_logger);
    slot_of(n).current = c;
    group.add(
        c,
        [this, backoff](net::connection& c) { return backoff ? connect_and_bind(c, *backoff) : connect_and_bind_first(c); },
        [this](net::connection& c, close_reason r) { on_closed(c, r); });
}

// The next one is added to the group before this one can leave it, so the group never looks
// empty while sessions still wait for their turn.
net::awaitable<bool> shard::connect_and_bind_first(net::connection& c) {
    const bool sent = co_await connect_and_bind(c, clock::duration::zero());
    --connecting;
    start_more();
    co_return sent;
}

net::awaitable<bool> shard::connect_and_bind(net::connection& c, clock::duration delay) {
    if (delay != clock::duration::zero()) {
        // A stop meanwhile closes the session, and its closing event cuts this pause short.
        auto& backoff = slot_of(c.number()).backoff;
        backoff.expires_after(delay);
        co_await backoff.async_wait(net::use_tuple);
        if (c.core().closing()) co_return false;
    }
    if (!co_await c.connect(endpoints, opt.connect_timeout)) co_return false;
    log::event(log::level::info, c.who(), "connected", "Connected", {.peer = c.peer()});
    if (!co_await c.handshake(opt.connect_timeout)) co_return false;
    bind_body body{.system_id = expand_session_template(opt.system_id, static_cast<unsigned>(c.number())),
                   .password = expand_session_template(opt.password, static_cast<unsigned>(c.number())),
                   .system_type = opt.system_type};
    if (auto sent = c.core().bind(opt.mode, std::move(body), clock::now()); !sent.ok()) {
        log::event(log::level::error, c.who(), "bind_failed",
                   fmt::format("Cannot send bind: {}", name_of(sent.status)), {.status = name_of(sent.status)});
        c.core().close(close_reason::bind_failed);
    }
    co_return true;
}

void shard::on_event(net::connection& c, const event& e) {
    // deliver_sm (and anything else the MC asks) is answered, even while unbinding.
    if (e.kind == event_kind::request_received) c.core().respond(e.message, command_status::ok);
    if (received && e.kind == event_kind::request_received) received->on_request(c.who(), e.message, clock::now());
    if (e.kind == event_kind::bound) traffic.on_bound(c.shared_from_this());
    if (e.kind == event_kind::bind_rejected) slot_of(c.number()).refused = e.status;
    if (e.kind == event_kind::closing) slot_of(c.number()).backoff.cancel();
    traffic.on_event(c, e);
}

void shard::on_closed(net::connection& c, close_reason reason) {
    auto& s = slot_of(c.number());
    if (c.core().was_bound()) {
        s.was_bound = true;
        s.lost_at.reset();
        s.attempts = 0;
    }
    if (const auto delay = reconnect_delay(c, s, reason)) {
        log::event(log::level::warn, c.who(), "reconnecting",
                   fmt::format("Session down ({}); reconnecting in {} ms (attempt {})", name_of(reason),
                               std::chrono::duration_cast<std::chrono::milliseconds>(*delay).count(), s.attempts));
        traffic.on_closed(c, true);
        start_session(static_cast<unsigned>(c.number()), *delay);
        return;
    }
    // Stopped while waiting to reconnect: the session is still lost, not cleanly unbound.
    outcome.count(s.was_bound, s.lost_at && reason == close_reason::shutdown ? close_reason::peer_closed : reason);
    traffic.on_closed(c);
}

std::optional<clock::duration> shard::reconnect_delay(const net::connection& c, session_slot& s,
                                                                  close_reason reason) {
    if (!opt.reconnect || !s.was_bound || !lost(reason) || stop.requested()) return std::nullopt;
    if (reason == close_reason::bind_failed && s.refused && refused_for_good(*s.refused)) {
        log::event(log::level::error, c.who(), "reconnect_gave_up",
                   fmt::format("The MC refused the bind with {}: the same credentials cannot succeed; giving up",
                               name_of(*s.refused)),
                   {.status = name_of(*s.refused)});
        return std::nullopt;
    }
    const auto now = clock::now();
    if (!s.lost_at) s.lost_at = now;
    // 100 ms, doubling up to the cap; the shift stops growing long before it could overflow.
    const clock::duration delay = std::min<clock::duration>(
        std::chrono::milliseconds(100 << std::min(s.attempts, 16u)), opt.reconnect_max_delay);
    if (now + delay > *s.lost_at + opt.reconnect_timeout) {
        log::event(log::level::error, c.who(), "reconnect_gave_up",
                   fmt::format("Not bound again within --reconnect-timeout after {} {}; giving up", s.attempts,
                               log::plural(s.attempts, "attempt")));
        return std::nullopt;
    }
    ++s.attempts;
    return delay;
}

esme::run_view shard::view() const {
    esme::run_view v{.up = clock::now() - started, .stopping = stop.requested(), .sessions = {},
                     .metrics = traffic.metrics(), .wire = wire, .totals = book.counts()};
    for (unsigned n = 1; n <= slots.size(); ++n) {
        const auto c = slots[n - 1]->current.lock();
        v.sessions.push_back({n, expand_session_template(opt.system_id, n), c ? name_of(c->core().state()) : "closed"});
    }
    return v;
}

std::unique_ptr<shard_snapshot> shard::snapshot() const {
    auto s = std::make_unique<shard_snapshot>();
    s->stopping = stop.requested();
    s->metrics = traffic.metrics().counts_copy();
    s->wire = wire;
    s->totals = book.counts();
    s->sessions.reserve(slots.size());
    for (unsigned i = 0; i < slots.size(); ++i) {
        const unsigned n = first_session() + i;
        const auto c = slots[i]->current.lock();
        s->sessions.push_back({n, expand_session_template(opt.system_id, n), c ? name_of(c->core().state()) : "closed"});
    }
    return s;
}

// False when it cannot listen (the server has logged why).
bool shard::start_http() {
    auto r = esme::routes([this] { return view(); }, [this] { stop.request(); }, opt.metrics_max_sessions);
    http = std::make_unique<cli::http::server>(io.get_executor(), *opt.http, std::move(r));
    return !http->start();
}

}  // namespace smpp::esme

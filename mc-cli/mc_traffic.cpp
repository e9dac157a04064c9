#include "mc_traffic.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "arm_timer.hpp"
#include "smpp/log/log.hpp"

namespace smpp::mc_app {
namespace {

constexpr log::context process{.role = "mc"};

mc::simulator_config simulator_settings(const mc_options& o, std::size_t shard) {
    // Ids from the clock: a restarted MC does not hand out the ids of its previous run. The
    // clock's microseconds stay below 2^56 for two thousand years, so the shard in the top
    // octet keeps each shard's ids apart from the others'.
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()) +
        std::chrono::microseconds(static_cast<std::int64_t>(shard) << 56);
    return {.reject_ratio = o.reject_ratio,
            .reject_status = static_cast<command_status>(o.reject_status),
            .fail_ratio = o.receipt_fail_ratio,
            .fail_state = o.receipt_fail_state,
            .fail_error = o.receipt_fail_error,
            .store_size = o.store_size,
            .first_message_id = static_cast<std::uint64_t>(micros.count()),
            .receipt_style = o.receipt_format};
}

// Known as the submission arrives, so that a message that asks for no notification costs no
// store lookup when its response goes out.
bool asks_intermediate(const pdu_body& body) {
    return std::visit(
        [](const auto& b) {
            if constexpr (requires { b.registered_delivery; })
                return mc::wants_intermediate(b.registered_delivery);
            else
                return false;
        },
        body);
}

}  // namespace

mc_traffic::mc_traffic(net::asio::any_io_executor ex, const mc_options& opt, shard_place place)
    : opt_(opt),
      knobs_(knobs_of(opt)),
      executor_(ex),
      sim_(simulator_settings(opt, place.index)),
      own_receipts_([this](std::uint64_t id, const sm_body& b) { return send_delivery(id, b); }, 100'000,
                    opt.mo_queue, opt.deliver_retry),
      wrapped_receipts_(place.wrap_router ? place.wrap_router(own_receipts_) : nullptr),
      receipts_(wrapped_receipts_ ? *wrapped_receipts_ : own_receipts_),
      place_(std::move(place)),
      deliveries_(opt.receipt_delay),
      delivery_timer_(ex),
      schedule_timer_(ex),
      drain_timer_(ex),
      retry_timer_(ex),
      mo_rate_(opt.mo_rate),
      mo_rate_timer_(ex),
      mo_script_(opt.mo_script),
      mo_script_timer_(ex) {}

// --- sessions ---------------------------------------------------------------------------------

void mc_traffic::on_connected(net::server_session& s) {
    peers_.emplace(s.id(), std::make_unique<peer_state>(peer_state{s, mc::throttle_window(knobs_.throttle),
                                                                   timing::delay_line<pending_response>(knobs_.response_delay),
                                                                   net::asio::steady_timer(executor_)}));
}

void mc_traffic::on_bound(net::server_session& s) {
    const auto* core = s.core();
    if (!core) return;
    if (const auto peer = peers_.find(s.id()); peer != peers_.end())
        peer->second->counters.bound_since = std::chrono::system_clock::now();
    if (core->state() != session_state::bound_rx && core->state() != session_state::bound_trx) return;
    receipts_.receiver_bound(s.id(), core->system_id());
    arm_mo_rate();
}

void mc_traffic::on_event(net::server_session& s, const event& e) {
    switch (e.kind) {
        case event_kind::request_received: return on_request(s, e.message);
        case event_kind::response_received:
            if (e.request_id != command_id::deliver_sm) return;
            on_deliver_answer(s, e);
            return wake_drain();
        case event_kind::response_timeout:
            // The window has room again; the receipt or MO counts as unanswered.
            if (e.request_id != command_id::deliver_sm) return;
            receipts_.timed_out(s.id(), e.sequence);
            return wake_drain();
        case event_kind::unbind_received:
        case event_kind::unbind_sent:
        case event_kind::closing:
            // On its way out: what it still holds goes to another receiver or back to the queue.
            receipts_.receiver_gone(s.id());
            return wake_drain();
        default: return;
    }
}

void mc_traffic::on_closed(net::server_session& s, close_reason r) {
    const auto* core = s.core();
    const auto peer = peers_.find(s.id());
    const bool dropped = peer != peers_.end() && peer->second->dropped;
    if (!dropped && (r == close_reason::unbind_timeout || (r == close_reason::forced && core && core->was_bound())))
        unbind_timed_out_ = true;
    receipts_.session_closed(s.id());
    forget_peer(s);
    wake_drain();
}

void mc_traffic::forget_peer(net::server_session& s) {
    const auto peer = peers_.find(s.id());
    if (peer == peers_.end()) return;
    // Delayed responses still waiting can never go out now; say so rather than drop them unseen.
    // Their messages were stored when accepted: the ESME never learns their ids, so they go.
    const auto withdraw = [this](const pending_response& r) {
        if (r.decided && r.decided->accepted) sim_.withdraw(*r.decided->accepted);
    };
    auto& p = *peer->second;
    p.behind_owner.for_each(withdraw);
    if (const auto owed = p.responses.clear(withdraw) + p.behind_owner.size() + (p.asking_owner ? 1 : 0); owed != 0)
        log::event(log::level::warn, s.who(), "response_failed",
                   fmt::format("count={} {} never sent: the connection closed first", owed,
                               log::plural(owed, "response")));
    peers_.erase(peer);
}

// --- responses --------------------------------------------------------------------------------

void mc_traffic::on_request(net::server_session& s, const pdu& request) {
    const auto peer = peers_.find(s.id());
    if (peer == peers_.end()) {
        answer(s, request, command_status::system_error);
        return;
    }
    auto& p = *peer->second;
    const auto now = p.session.core() ? p.session.core()->last_received() : clock::now();
    pending_response r;
    r.arrived = now;
    if (mc::simulator::is_submission(request.id)) {
        ++p.counters.submitted;
        r.request = pdu{request.id, command_status::ok, request.sequence, {}};
        // Throttling first: a throttled submission was never considered, so it does not move
        // the reject pattern.
        if (!p.throttle.admit(now))
            r.decided = mc::answer{.status = command_status::throttled};
        else {
            r.submitted = std::chrono::system_clock::now();
            r.decided = sim_.submit(request, r.submitted,
                                    p.session.core() ? std::string_view(p.session.core()->system_id()) : std::string_view{});
        }
        const auto* sm = std::get_if<sm_body>(&request.body);
        if (knobs_.echo && sm && request.id == command_id::submit_sm && r.decided->accepted) r.echo = mc::echo_of(*sm);
        r.intermediate = r.decided->accepted && asks_intermediate(request.body);
    } else {
        r.request = request;
    }
    if (!p.responses.holds_back()) return send_response(p, std::move(r), now);
    if (p.responses.push(std::move(r), now)) arm_responses(p);
}

void mc_traffic::arm_responses(peer_state& p) {
    // By session number, not by reference: the session may be gone when the timer fires.
    arm(p.timer, p.responses.next_deadline(), [this, id = p.session.id()] { release_responses(id); });
}

void mc_traffic::release_responses(std::uint64_t session) {
    const auto peer = peers_.find(session);
    if (peer == peers_.end()) return;
    auto& p = *peer->second;
    const auto now = clock::now();
    p.responses.release_due(now, [&](pending_response&& r) { send_response(p, std::move(r), now); });
    arm_responses(p);
    wake_drain();
}

bool mc_traffic::answer(net::server_session& s, const pdu& request, command_status status, pdu_body body) {
    const auto result = s.respond(request, status, std::move(body));
    // A body that does not encode: the ESME still hears that its request failed.
    if (result != command_status::ok && s.core() && !s.core()->closing())
        s.respond(request, command_status::system_error);
    if (result == command_status::ok) return true;
    log::event(log::level::warn, s.who(), "response_failed",
               fmt::format("Could not answer {}: {}", name_of(request.id), name_of(result)),
               {.seq = request.sequence, .status = name_of(result)});
    return false;
}

void mc_traffic::send_response(peer_state& p, pending_response&& r, clock::time_point now) {
    if (p.asking_owner) return p.behind_owner.push_back(std::move(r));
    if (!r.decided && place_.count > 1)
        if (const auto owner = owner_of(r.request); owner != place_.index) return ask_owner(p, std::move(r), owner);
    auto a = r.decided ? std::move(*r.decided) : sim_.manage(r.request, std::chrono::system_clock::now());
    const bool answered = answer(p.session, r.request, a.status, std::move(a.body));
    response_latency_.observe(std::chrono::duration<double>(now - r.arrived).count());
    if (mc::simulator::is_submission(r.request.id) && a.status != command_status::ok) ++p.counters.rejected;
    after_managing(r.request, a);
    if (!a.accepted) return;
    // The message counts once the ESME knows its message_id; its delivery clock starts now.
    if (!answered) return sim_.withdraw(*a.accepted);
    const auto key = history_.enabled() ? a.accepted_key : 0;
    history_.record(history_entry{.key = key, .when = r.submitted, .what = history_event::accepted});
    if (stopping_) return;
    const auto* core = p.session.core();
    std::string system_id = core ? std::string(core->system_id()) : std::string();
    if (r.intermediate) notify(system_id, *a.accepted);
    if (r.echo) add_mo(system_id, std::move(*r.echo));
    messages_by_state_[static_cast<std::size_t>(message_state::enroute)].inc();
    queue_delivery(pending_delivery{std::move(system_id), std::move(*a.accepted), key});
}

void mc_traffic::after_managing(const pdu& request, const mc::answer& a) {
    if (a.status != command_status::ok) return;
    if (request.id == command_id::replace_sm) {
        const auto& id = std::get<replace_sm_body>(request.body).message_id;
        remember(id, history_event::replaced);
        reschedule(id);
    }
    if (request.id == command_id::cancel_sm)
        remember(std::get<cancel_sm_body>(request.body).message_id, history_event::cancelled);
}

void mc_traffic::remember(std::string_view message_id, history_event what) {
    if (history_.enabled()) history_.record(message_id, what, std::chrono::system_clock::now());
}

// --- deliveries -------------------------------------------------------------------------------

void mc_traffic::queue_delivery(pending_delivery&& d) {
    if (!deliveries_.holds_back()) return deliver(std::move(d));
    if (deliveries_.push(std::move(d), clock::now())) arm_deliveries();
}

void mc_traffic::arm_deliveries() {
    arm(delivery_timer_, deliveries_.next_deadline(), [this] {
        deliveries_.release_due(clock::now(), [this](pending_delivery&& d) { deliver(std::move(d)); });
        arm_deliveries();
    });
}

void mc_traffic::deliver(pending_delivery&& d) {
    // Held deliveries come back here at their time and ask again, so a replace_sm that moved
    // the schedule later is obeyed too.
    const auto now = std::chrono::system_clock::now();
    auto done = sim_.deliver(d.message_id, now);
    if (done.held_until) return hold_until(*done.held_until, std::move(d));
    if (done.state && mc::is_final(*done.state))
        messages_by_state_[static_cast<std::size_t>(*done.state) % messages_by_state_.size()].inc();
    record_finish(d.history_key, done, now);
    add_receipts(d.system_id, done, d.history_key);
}

void mc_traffic::hold_until(mc::time_point when, pending_delivery&& d) {
    if (scheduled_.add(when, std::move(d))) arm_schedule();
}

// A replace_sm that moved the schedule earlier: the held delivery is asked again now. Moves
// later need nothing here, deliver() asks when the old time comes.
void mc_traffic::reschedule(std::string_view message_id) {
    auto held = scheduled_.take_if([&](const pending_delivery& d) { return d.message_id == message_id; });
    if (held) deliver(std::move(*held));
}

void mc_traffic::arm_schedule() {
    arm(schedule_timer_, scheduled_.next_deadline(), [this] { release_scheduled(); });
}

void mc_traffic::release_scheduled() {
    auto due = scheduled_.take_due(std::chrono::system_clock::now());
    arm_schedule();
    for (auto& d : due) deliver(std::move(d));
}

// --- shutdown ---------------------------------------------------------------------------------

void mc_traffic::begin_stop() {
    stopping_ = true;
    deliveries_.clear();  // their messages stay ENROUTE: receipts owed, counted as undelivered
    delivery_timer_.cancel();
    scheduled_.clear();
    schedule_timer_.cancel();
    mo_rate_timer_.cancel();
    mo_script_timer_.cancel();
}

timing::drain_load mc_traffic::load() const {
    timing::drain_load l;
    for (const auto& [_, p] : peers_) {
        const auto* core = p->session.core();
        if (!core || core->closing()) continue;
        l.responses_owed += p->responses.size() + p->behind_owner.size() + (p->asking_owner ? 1 : 0);
        l.requests_in_flight += core->traffic_in_flight();
    }
    // A retry due within the drain is worth the wait: it may still be delivered.
    l.requests_in_flight += receipts_.retrying();
    return l;
}

void mc_traffic::wake_drain() {
    // Only a verdict ends the wait; an event that leaves work owed changes nothing.
    if (drain_.active() && drain_.update(load(), clock::now()) != timing::drain::verdict::waiting)
        drain_timer_.cancel();
}

net::awaitable<bool> mc_traffic::drain(clock::duration limit) {
    // Delayed submit_sm_resps (stopping is set, so they start no receipts) and the deliver_sm
    // already in flight.
    drain_.start(clock::now(), limit);
    drain_.update(load(), clock::now());
    while (drain_.active()) {
        drain_timer_.expires_at(drain_.deadline());
        co_await drain_timer_.async_wait(net::use_tuple);  // the deadline, or wake_drain() ended it
        if (drain_.active()) drain_.update(load(), clock::now());
    }
    co_return drain_.outcome() == timing::drain::verdict::drained;
}

}  // namespace smpp::mc_app

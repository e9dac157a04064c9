// The MC driven from outside (the HTTP API): knobs changed at run time, sessions listed,
// unbound or dropped, MO injected, messages finished on demand, the store forgotten. All on
// the I/O thread, like the traffic they change, so nothing here needs a lock.
#include <fmt/format.h>

#include "arm_timer.hpp"
#include "mc_traffic.hpp"
#include "smpp/log/log.hpp"

namespace smpp::mc_app {
namespace {

constexpr log::context process{.role = "mc"};

}  // namespace

void mc_traffic::set_knobs(const mc_knobs& k) {
    const auto before = to_json(knobs_);
    const auto after = to_json(k);
    knobs_ = k;
    sim_.set_rejects(k.reject_ratio, static_cast<command_status>(k.reject_status));
    sim_.set_failures(k.receipt_fail_ratio, k.receipt_fail_state, k.receipt_fail_error);
    deliveries_.set_delay(k.receipt_delay);
    for (auto& [_, p] : peers_) {
        p->throttle = mc::throttle_window(k.throttle);
        p->responses.set_delay(k.response_delay);
        if (auto* core = p->session.core()) core->set_ignore_unbind(k.ignore_unbind);
    }
    if (before["mo_rate"] != after["mo_rate"]) {
        mo_rate_ = mc::mo_rate(k.mo_rate);
        mo_rate_timer_.cancel();
        mo_rate_armed_ = false;
        arm_mo_rate();
    }
    std::string changed;
    for (const auto& [key, value] : after.items())
        if (before[key] != value) changed += fmt::format("{}{}={}", changed.empty() ? "" : " ", key, value.dump());
    const auto json = after.dump();
    const auto fields = std::string_view(json).substr(1, json.size() - 2);
    // A PATCH that repeats the values (or is empty) changed nothing: saying knobs_changed would
    // send whoever reads the log looking for a change that never happened.
    if (changed.empty()) {
        log::event(log::level::info, process, "knobs_unchanged", "Knobs unchanged: the PATCH repeated their values",
                   {.json = fields});
        return;
    }
    log::event(log::level::info, process, "knobs_changed", "Knobs changed: " + changed, {.json = fields});
}

std::vector<session_info> mc_traffic::sessions() const {
    std::vector<session_info> all;
    for (const auto& [id, p] : peers_) {
        auto info = p->counters;
        info.id = id;
        info.peer = p->session.peer();
        if (const auto* core = p->session.core()) {
            info.system_id = core->system_id();
            info.state = core->state();
            info.in_flight = core->traffic_in_flight();
        }
        all.push_back(std::move(info));
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return all;
}

bool mc_traffic::unbind_session(std::uint64_t id) {
    const auto peer = peers_.find(id);
    if (peer == peers_.end()) return false;
    log::event(log::level::info, peer->second->session.who(), "session_unbind_requested", "Unbinding on request (HTTP)");
    peer->second->session.unbind();
    return true;
}

bool mc_traffic::drop_session(std::uint64_t id) {
    const auto peer = peers_.find(id);
    if (peer == peers_.end()) return false;
    log::event(log::level::info, peer->second->session.who(), "session_drop_requested",
               "Dropping the connection without unbind on request (HTTP)");
    peer->second->dropped = true;
    auto session = peer->second->session;  // the close may erase the peer
    session.close(close_reason::forced);
    return true;
}

bool mc_traffic::has_receiver(const std::string& system_id) const {
    bool found = false;
    receipts_.for_each_bound([&](const std::string& bound) { found = found || bound == system_id; });
    return found;
}

control_result mc_traffic::inject_mo(mc::mo_message m, std::optional<std::uint64_t> session, bool queue) {
    if (session) {
        const auto peer = peers_.find(*session);
        const auto* core = peer == peers_.end() ? nullptr : peer->second->session.core();
        if (!core || (core->state() != session_state::bound_rx && core->state() != session_state::bound_trx))
            return control_result::no_receiver;
        m.system_id = core->system_id();
    }
    const bool receiver = has_receiver(m.system_id);
    if (!receiver && !queue) return control_result::no_receiver;
    if (mc::mo_bodies(m, opt_.mo_long, 0).empty()) return control_result::bad_text;
    send_mo(m.system_id, m);
    return receiver ? control_result::done : control_result::queued;
}

control_result mc_traffic::finish_message(std::string_view message_id, message_state state, std::uint8_t error) {
    const auto* record = sim_.store().find(message_id);
    if (!record) return control_result::not_found;
    if (!record->pending()) return control_result::already_final;
    // Its delivery waiting out the receipt delay or its schedule knows where the receipts go.
    const auto same = [&](const pending_delivery& d) { return d.message_id == message_id; };
    auto waiting = deliveries_.take_if(same);
    if (!waiting) waiting = scheduled_.take_if(same);
    if (!waiting) return control_result::not_ready;
    const auto now = std::chrono::system_clock::now();
    bool finished = false;
    auto done = sim_.finish_now(message_id, state, error, now, finished);
    if (!finished) return control_result::already_final;
    const auto key = history_.enabled() ? message_history::key_of(message_id) : 0;
    record_finish(key, done, now);
    add_receipts(waiting->system_id, done, key);
    return control_result::done;
}

// Key 0 (no history kept) records nothing.
void mc_traffic::record_finish(std::uint64_t history_key, const mc::delivery& done, mc::time_point now) {
    if (history_key == 0 || !done.state || !mc::is_final(*done.state)) return;
    history_.record(history_entry{.key = history_key, .when = now, .what = history_event::finished, .state = *done.state,
                                  .error = done.error});
    if (!done.receipts.empty())
        history_.record(history_entry{.key = history_key, .when = now, .what = history_event::receipt_queued});
}

// Tagged only while the history is kept (key 0 otherwise): without --http the router has
// nobody to tell.
void mc_traffic::add_receipts(const std::string& system_id, mc::delivery& done, std::uint64_t history_key) {
    for (auto& receipt : done.receipts) receipts_.add(system_id, std::move(receipt), history_key);
}

void mc_traffic::keep_history(std::size_t events) {
    history_ = message_history(events);
    receipts_.follow([this](const mc::receipt_report& r) { record_receipt(r); });
}

void mc_traffic::record_receipt(const mc::receipt_report& r) {
    history_entry e;
    e.key = r.tag;
    e.when = std::chrono::system_clock::now();
    e.session = r.session;
    switch (r.what) {
        case mc::receipt_outcome::sent: e.what = history_event::receipt_sent; break;
        case mc::receipt_outcome::acknowledged: e.what = history_event::receipt_acknowledged; break;
        default: e.what = history_event::receipt_failed; break;
    }
    switch (r.what) {
        case mc::receipt_outcome::refused: e.reason = receipt_failure::refused, e.status = r.status; break;
        case mc::receipt_outcome::retrying: e.reason = receipt_failure::retrying, e.status = r.status; break;
        case mc::receipt_outcome::timed_out: e.reason = receipt_failure::timed_out; break;
        case mc::receipt_outcome::session_closed: e.reason = receipt_failure::session_closed; break;
        case mc::receipt_outcome::queue_full: e.reason = receipt_failure::queue_full; break;
        case mc::receipt_outcome::unsendable: e.reason = receipt_failure::unsendable; break;
        default: break;
    }
    history_.record(e);
}

void mc_traffic::reset() {
    sim_.forget_messages();
    history_.clear();
    for (auto& [_, p] : peers_) {
        const auto bound_since = p->counters.bound_since;
        p->counters = session_info{};
        p->counters.bound_since = bound_since;
    }
    // Prometheus reads a counter that drops as a restart; PDUs and octets keep counting.
    response_latency_ = cli::metrics::histogram{};
    messages_by_state_ = {};
    log::event(log::level::info, process, "reset", "Stored messages forgotten and counters zeroed (HTTP)");
}

}  // namespace smpp::mc_app

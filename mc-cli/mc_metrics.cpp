// What smpp-mc's GET /metrics says about its traffic, read at scrape time: sessions are counted
// over the live ones then, everything else was counted as it happened.
#include <map>

#include "mc_traffic.hpp"
#include "smpp/mc/message_store.hpp"

namespace smpp::mc_app {
namespace {

using cli::metrics::text_writer;

std::string_view mode_of(session_state s) {
    switch (s) {
    case session_state::bound_tx: return "transmitter";
    case session_state::bound_rx: return "receiver";
    default: return "transceiver";
    }
}

void write_deliveries(text_writer& w, const mc::receipt_router_interface& r) {
    w.family("smpp_mc_deliveries_total", text_writer::type::counter,
             "deliver_sm of the MC (receipts and MO) by what became of them: sent (retries included), "
             "acknowledged, retried, refused, unanswered, overflowed, failed");
    for (const auto kind : {mc::delivery_kind::receipt, mc::delivery_kind::mo}) {
        const std::string_view k = kind == mc::delivery_kind::receipt ? "receipt" : "mo";
        const auto c = r.counts(kind);
        const std::pair<std::string_view, std::uint64_t> outcomes[] = {
            {"added", c.added},           {"sent", c.sent},           {"acknowledged", c.acknowledged},
            {"retried", c.retried},       {"refused", c.refused},     {"unanswered", c.unanswered},
            {"overflowed", c.overflowed}, {"failed", c.failed}};
        for (const auto& [outcome, n] : outcomes)
            w.sample("smpp_mc_deliveries_total", {{"kind", k}, {"outcome", outcome}}, n);
    }
    w.family("smpp_mc_deliveries_waiting", text_writer::type::gauge,
             "receipts and MO waiting: for a receiver to bind (queued) or for their retry (retrying)");
    for (const auto kind : {mc::delivery_kind::receipt, mc::delivery_kind::mo}) {
        const std::string_view k = kind == mc::delivery_kind::receipt ? "receipt" : "mo";
        w.sample("smpp_mc_deliveries_waiting", {{"kind", k}, {"why", "queued"}}, std::uint64_t{r.queued(kind)});
        w.sample("smpp_mc_deliveries_waiting", {{"kind", k}, {"why", "retrying"}}, std::uint64_t{r.retrying(kind)});
    }
}

}  // namespace

void mc_traffic::write_metrics(text_writer& w, std::size_t max_system_ids) {
    // system_id -> bound sessions by mode; a system_id keeps its own label once it has one.
    std::map<std::string, std::array<std::uint64_t, 3>, std::less<>> bound;
    for (const auto& [number, peer] : peers_) {
        const auto* core = peer->session.core();
        if (!core || !is_bound(core->state())) continue;
        std::string id(core->system_id());
        if (!labelled_system_ids_.contains(id)) {
            if (labelled_system_ids_.size() < max_system_ids)
                labelled_system_ids_.insert(id);
            else
                id = "other";
        }
        // bound_tx, bound_rx, bound_trx follow each other: 0, 1, 2.
        ++bound[id][static_cast<std::size_t>(core->state()) - static_cast<std::size_t>(session_state::bound_tx)];
    }
    w.family("smpp_mc_sessions_bound", text_writer::type::gauge,
             "sessions bound now, by system_id (beyond --metrics-max-system-ids: other) and bind mode");
    constexpr session_state modes[] = {session_state::bound_tx, session_state::bound_rx, session_state::bound_trx};
    for (const auto& [id, by_mode] : bound)
        for (std::size_t m = 0; m < 3; ++m)
            if (by_mode[m] != 0) w.sample("smpp_mc_sessions_bound", {{"system_id", id}, {"bind_mode", mode_of(modes[m])}}, by_mode[m]);

    w.family("smpp_mc_messages_total", text_writer::type::counter,
             "messages by the state they reached: enroute when accepted, then their final state");
    for (std::size_t s = 1; s < cli::metrics::state_slots; ++s)
        w.sample("smpp_mc_messages_total", {{"state", cli::metrics::state_label(s)}}, messages_by_state_[s].value);
    write_deliveries(w, receipts_);
    w.family("smpp_mc_response_latency_seconds", text_writer::type::histogram,
             "from a request's arrival to its response going out (--response-delay-ms included)");
    w.sample("smpp_mc_response_latency_seconds", {}, response_latency_);
    // The MC's own store (the simulator keeps one unless it was handed another).
    if (const auto* store = dynamic_cast<const mc::message_store*>(&sim_.store())) {
        w.family("smpp_mc_store_messages", text_writer::type::gauge, "messages remembered now (query_sm, cancel_sm, replace_sm)");
        w.sample("smpp_mc_store_messages", {}, std::uint64_t{store->size()});
        w.family("smpp_mc_store_capacity", text_writer::type::gauge, "--store-size");
        w.sample("smpp_mc_store_capacity", {}, std::uint64_t{store->capacity()});
    }
}

}  // namespace smpp::mc_app

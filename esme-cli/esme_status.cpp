#include "esme_status.hpp"

#include <map>

namespace smpp::esme {
namespace {

nlohmann::json session_json(const session_view& v, const esme_metrics::session& s) {
    nlohmann::json rejected = nlohmann::json::object();
    for (const auto& [status, count] : s.rejected_by_status)
        if (count != 0) rejected[std::string(name_of(static_cast<command_status>(status)))] = count;
    if (s.rejected_other != 0) rejected["other"] = s.rejected_other;
    nlohmann::json receipts = nlohmann::json::object();
    for (std::size_t i = 1; i < cli::metrics::state_slots; ++i)
        if (s.receipts_by_state[i].value != 0) receipts[std::string(cli::metrics::state_label(i))] = s.receipts_by_state[i].value;
    const auto& h = s.latency;
    return {{"session", v.number},
            {"system_id", v.system_id},
            {"state", v.state},
            {"sent", s.sent.value},
            {"accepted", s.accepted.value},
            {"rejected", s.rejected.value},
            {"rejected_by_status", rejected},
            {"timed_out", s.timed_out.value},
            {"not_sent", s.not_sent.value},
            {"in_flight", s.in_flight()},
            {"receipts", receipts},
            {"mo", s.mo.value},
            {"latency_ms", {{"count", h.count()}, {"mean", h.count() ? h.sum() * 1000 / static_cast<double>(h.count()) : 0.0}}}};
}

}  // namespace

std::string metrics_page(const run_view& run, unsigned labelled) {
    using cli::metrics::text_writer;
    std::string page;
    text_writer w(page);
    cli::metrics::write_process(w, "esme", run.up);
    std::map<std::string_view, std::uint64_t> by_state;
    for (const auto& s : run.sessions) ++by_state[s.state];
    w.family("smpp_esme_sessions", text_writer::type::gauge, "the run's sessions by state now (bound_trx, closed, ...)");
    for (const auto& [state, n] : by_state) w.sample("smpp_esme_sessions", {{"state", state}}, n);
    cli::metrics::write_wire(w, "esme", run.wire, cli::metrics::wire_counts::in);
    run.metrics.write(w, labelled);
    return page;
}

nlohmann::json status_of(const run_view& run) {
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& v : run.sessions) sessions.push_back(session_json(v, run.metrics.of(v.number)));
    const auto& t = run.totals;
    return {{"uptime_seconds", std::chrono::duration<double>(run.up).count()},
            {"stopping", run.stopping},
            {"totals",
             {{"parts_sent", t.parts_sent}, {"accepted", t.accepted}, {"rejected", t.rejected}, {"receipts", t.receipts}, {"mo", t.mo}}},
            {"sessions", sessions}};
}

cli::http::router routes(std::function<run_view()> view, std::function<void()> stop, unsigned labelled) {
    using namespace cli::http;
    router r;
    r.add(method::get, "/metrics", [view, labelled](const request&) {
        return response::text(metrics_page(view(), labelled), std::string(cli::metrics::content_type));
    });
    r.add(method::get, "/status", [view](const request&) { return response::of_json(status_of(view())); });
    r.add(method::post, "/stop", [stop = std::move(stop)](const request&) {
        stop();
        return response::of_json({{"stopping", true}}, 202);
    });
    return r;
}

}  // namespace smpp::esme

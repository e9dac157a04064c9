#pragma once
// smpp-esme's GET /metrics and GET /status for a run in progress: its sessions as the run has
// them now, and what the traffic driver and the wire taps counted.
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "esme_metrics.hpp"
#include "smpp/cli/http.hpp"
#include "smpp/cli/wire_metrics.hpp"
#include "smpp/traffic/ledger.hpp"

namespace smpp::esme {

struct session_view {
    unsigned number = 0;
    std::string system_id;
    std::string_view state;  // "bound_trx", ...; "closed" between connections and at the end
};

struct run_view {
    std::chrono::steady_clock::duration up{};
    bool stopping = false;
    std::vector<session_view> sessions;
    const esme_metrics& metrics;
    const cli::metrics::wire_counts& wire;
    traffic::live_counts totals;
};

// The Prometheus text: sessions after the first `labelled` are counted as session="other".
std::string metrics_page(const run_view& run, unsigned labelled);
nlohmann::json status_of(const run_view& run);

// GET /metrics, GET /status and POST /stop (`stop`: the graceful stop, as SIGINT; a second
// one closes every session at once, as a second SIGINT does).
cli::http::router routes(std::function<run_view()> view, std::function<void()> stop, unsigned labelled);

}  // namespace smpp::esme

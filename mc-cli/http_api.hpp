#pragma once
// smpp-mc's HTTP endpoints (/status, /messages, /mo, /knobs, /sessions, /reset) on the shared
// router: thin handlers that read and drive mc_traffic on the I/O thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "smpp/cli/http.hpp"
#include "smpp/traffic/text.hpp"

namespace smpp::mc_app {

class mc_traffic;

struct mc_api {
    mc_traffic& traffic;
    std::string listen;  // the SMPP "HOST:PORT"
    std::string system_id;
    std::chrono::steady_clock::time_point started;
    traffic::long_mode mo_long;
    // PATCH /knobs also sets the server's ignore_unbind, for sessions to come.
    std::function<void(bool)> set_server_ignore_unbind;
};

// Adds the endpoints to `r`; `api` must outlive the router.
void add_mc_routes(cli::http::router& r, const mc_api& api);

}  // namespace smpp::mc_app

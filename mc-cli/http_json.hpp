#pragma once
// The JSON spellings the MC's endpoints share: times, session states, messages.
#include <chrono>
#include <string>
#include <string_view>

#include "smpp/cli/http.hpp"
#include "smpp/mc/message_store.hpp"
#include "smpp/session/rules.hpp"

namespace smpp::mc_app {

struct mc_api;

// "2026-12-02T04:20:00.123Z"
std::string iso_time(std::chrono::system_clock::time_point t);
// "transmitter", "receiver", "transceiver", or "" before the bind.
std::string_view bind_mode_of(session_state s) noexcept;
std::string_view state_name(session_state s) noexcept;
// A stored message as GET /messages lists it.
cli::http::json message_json(const mc::stored_message& m);
// GET /messages, GET /messages/{id}, POST /messages/{id}/deliver (http_messages.cpp).
void add_message_routes(cli::http::router& r, const mc_api& api);

}  // namespace smpp::mc_app

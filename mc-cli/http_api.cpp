// GET /status, GET and PATCH /knobs, POST /mo, the sessions' unbind and drop, POST /reset.
// The message listing is in http_messages.cpp.
#include "http_api.hpp"

#include <charconv>

#include "http_json.hpp"
#include "mc_traffic.hpp"
#include "mo_file.hpp"

namespace smpp::mc_app {

extern const std::string_view status_page;  // page/status.html, compiled in

namespace {

using cli::http::bad_request;
using cli::http::http_error;
using cli::http::json;
using cli::http::method;
using cli::http::request;
using cli::http::response;

json session_json(const session_info& s) {
    json j{{"session", s.id},
           {"system_id", s.system_id},
           {"peer", s.peer},
           {"bind_mode", bind_mode_of(s.state)},
           {"state", state_name(s.state)},
           {"bound_since", s.bound_since ? json(iso_time(*s.bound_since)) : json(nullptr)},
           {"in_flight", s.in_flight},
           {"counters",
            {{"submitted", s.submitted},
             {"rejected", s.rejected},
             {"delivers_sent", s.delivers_sent},
             {"delivers_answered", s.delivers_answered}}}};
    return j;
}

json deliveries_json(const mc::delivery_counts& c) {
    return {{"added", c.added}, {"sent", c.sent}, {"acknowledged", c.acknowledged},
            {"refused", c.refused}, {"unanswered", c.unanswered}};
}

response status(const mc_api& api) {
    json sessions = json::array();
    for (const auto& s : api.traffic.sessions()) sessions.push_back(session_json(s));
    const auto uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - api.started).count();
    return response::of_json({{"listen", api.listen},
                              {"system_id", api.system_id},
                              {"uptime_seconds", uptime},
                              {"knobs", to_json(api.traffic.knobs())},
                              {"receipts", deliveries_json(api.traffic.delivery_totals(mc::delivery_kind::receipt))},
                              {"mo", deliveries_json(api.traffic.delivery_totals(mc::delivery_kind::mo))},
                              {"sessions", std::move(sessions)}});
}

response patch_knobs(const mc_api& api, const request& r) {
    const auto next = patched(api.traffic.knobs(), r.body_json());
    api.traffic.set_knobs(next);
    if (api.set_server_ignore_unbind) api.set_server_ignore_unbind(next.ignore_unbind);
    return response::of_json(to_json(next));
}

std::uint64_t session_number(const request& r) {
    const auto& text = r.params.at("n");
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n == 0)
        throw bad_request("session must be a session number (see GET /status), not '" + text + "'");
    return n;
}

response on_session(const request& r, bool done, const char* what) {
    if (!done) throw cli::http::not_found("no session " + r.params.at("n"));
    return response::of_json({{"session", session_number(r)}, {"result", what}}, 202);
}

response inject_mo(const mc_api& api, const request& r) {
    const auto body = r.body_json();
    if (!body.is_object()) throw bad_request("POST /mo takes a JSON object: system_id or session, from, to, text");
    std::optional<std::uint64_t> session;
    if (body.contains("session")) {
        if (!body["session"].is_number_unsigned()) throw bad_request("session must be a session number");
        session = body["session"].get<std::uint64_t>();
    } else if (!body.contains("system_id")) {
        throw bad_request("POST /mo needs system_id or session");
    }
    if (body.contains("queue") && !body["queue"].is_boolean()) throw bad_request("queue must be true or false");
    const bool queue = !body.contains("queue") || body["queue"].get<bool>();
    mc::mo_message m;
    try {
        m = mo_of(body, api.mo_long, false);
    } catch (const std::runtime_error& e) {
        throw bad_request(e.what());
    }
    switch (api.traffic.inject_mo(std::move(m), session, queue)) {
        case control_result::done: return response::of_json({{"id", api.traffic.next_mo_id()}, {"queued", false}}, 202);
        case control_result::queued: return response::of_json({{"id", api.traffic.next_mo_id()}, {"queued", true}}, 202);
        case control_result::bad_text: throw bad_request("text cannot be sent: no encoding in its data_coding");
        default: throw http_error(409, "no receiver or transceiver is bound for it, and queue is false (or that session is none)");
    }
}

}  // namespace

void add_mc_routes(cli::http::router& r, const mc_api& api) {
    r.add(method::get, "/", [](const request&) {
        return response::text(std::string(status_page), "text/html; charset=utf-8");
    });
    r.add(method::get, "/status", [&api](const request&) { return status(api); });
    r.add(method::get, "/knobs", [&api](const request&) { return response::of_json(to_json(api.traffic.knobs())); });
    r.add(method::patch, "/knobs", [&api](const request& q) { return patch_knobs(api, q); });
    r.add(method::post, "/mo", [&api](const request& q) { return inject_mo(api, q); });
    r.add(method::post, "/sessions/{n}/unbind", [&api](const request& q) {
        return on_session(q, api.traffic.unbind_session(session_number(q)), "unbinding");
    });
    r.add(method::del, "/sessions/{n}", [&api](const request& q) {
        return on_session(q, api.traffic.drop_session(session_number(q)), "dropped");
    });
    r.add(method::post, "/reset", [&api](const request&) {
        api.traffic.reset();
        return response::of_json({{"result", "reset"}});
    });
    add_message_routes(r, api);
}

}  // namespace smpp::mc_app

// GET /messages (the store, newest first, filtered and paged), GET /messages/{id} with its
// history, POST /messages/{id}/deliver.
#include <algorithm>
#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "http_api.hpp"
#include "http_json.hpp"
#include "mc_traffic.hpp"
#include "smpp/mc/receipt.hpp"

namespace smpp::mc_app {
namespace {

using cli::http::bad_request;
using cli::http::http_error;
using cli::http::json;
using cli::http::method;
using cli::http::request;
using cli::http::response;

constexpr std::size_t default_limit = 100;
constexpr std::size_t max_limit = 1000;

std::size_t limit_of(const request& r) {
    const auto text = r.arg("limit");
    if (!text) return default_limit;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc{} || end != text->data() + text->size() || n == 0 || n > max_limit)
        throw bad_request(fmt::format("limit must be a whole number from 1 to {}", max_limit));
    return n;
}

std::optional<message_state> state_filter(const request& r) {
    const auto text = r.arg("state");
    if (!text) return std::nullopt;
    std::string upper(*text);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto state = mc::state_of_stat(upper);
    if (!state) throw bad_request("state must be a receipt stat word: ENROUTE, DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, REJECTD");
    return state;
}

// The filters of GET /messages, checked before the store is walked.
struct message_filter {
    std::optional<std::string_view> system_id, from, to;
    std::optional<message_state> state;
    std::uint64_t before = ~std::uint64_t{0};  // after=ID: the page continues below ID

    explicit message_filter(const request& r)
        : system_id(r.arg("system_id")), from(r.arg("from")), to(r.arg("to")), state(state_filter(r)) {
        if (const auto after = r.arg("after")) {
            before = message_history::key_of(*after);
            if (before == 0) throw bad_request("after must be a message_id from a previous page");
        }
    }
    bool keeps(const mc::stored_message& m, std::uint64_t key) const {
        if (key == 0 || key >= before) return false;
        if (system_id && m.system_id != *system_id) return false;
        if (from && m.source.address != *from) return false;
        if (state && m.state != *state) return false;
        return !to || std::any_of(m.destinations.begin(), m.destinations.end(),
                                  [&](const sme_address& d) { return d.address == *to; });
    }
};

// Newest first: the simulator's ids count up, so the order of their numbers is arrival order.
response list(const mc_api& api, const request& r) {
    const message_filter filter(r);
    const auto limit = limit_of(r);
    std::vector<std::pair<std::uint64_t, const mc::stored_message*>> found;
    api.traffic.store().visit([&](const mc::stored_message& m) {
        const auto key = message_history::key_of(m.message_id);
        if (filter.keeps(m, key)) found.emplace_back(key, &m);
    });
    const auto page = std::min(limit, found.size());
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(page), found.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    json messages = json::array();
    for (std::size_t i = 0; i < page; ++i) messages.push_back(message_json(*found[i].second));
    json body{{"messages", std::move(messages)}, {"total", found.size()}};
    body["next_after"] = found.size() > page ? json(found[page - 1].second->message_id) : json(nullptr);
    return response::of_json(body);
}

json history_json(const std::vector<history_entry>& events) {
    json out = json::array();
    for (const auto& e : events) {
        json j{{"event", name_of(e.what)}, {"time", iso_time(e.when)}};
        if (e.what == history_event::finished) j["state"] = mc::stat_of(e.state), j["error"] = e.error;
        if (e.session != 0) j["session"] = e.session;
        if (e.what == history_event::receipt_failed) j["reason"] = name_of(e.reason);
        if (e.reason == receipt_failure::refused || e.reason == receipt_failure::retrying) {
            j["status"] = name_of(e.status);
            j["status_code"] = fmt::format("0x{:08x}", static_cast<std::uint32_t>(e.status));
        }
        out.push_back(std::move(j));
    }
    return out;
}

response one(const mc_api& api, const request& r) {
    const auto& id = r.params.at("id");
    const auto* m = api.traffic.store().find(id);
    if (!m) throw cli::http::not_found("no message " + id + " in the store");
    auto j = message_json(*m);
    j["history"] = history_json(api.traffic.history().of(id));
    return response::of_json(j);
}

response deliver(const mc_api& api, const request& r) {
    const auto& id = r.params.at("id");
    const auto body = r.body_json();
    if (!body.is_object()) throw bad_request("POST /messages/{id}/deliver takes {\"state\": \"UNDELIV\", \"error\": 5}");
    const auto stat = body.value("state", std::string("DELIVRD"));
    const auto state = mc::state_of_stat(stat);
    if (!state || !mc::is_final(*state)) throw bad_request("state must be a final stat word: DELIVRD, EXPIRED, DELETED, UNDELIV, REJECTD");
    const auto error = body.value("error", 0);
    if (error < 0 || error > 255) throw bad_request("error must be a network error code from 0 to 255");
    switch (api.traffic.finish_message(id, *state, static_cast<std::uint8_t>(error))) {
        case control_result::done: return response::of_json(message_json(*api.traffic.store().find(id)));
        case control_result::not_found: throw cli::http::not_found("no message " + id + " in the store");
        case control_result::not_ready: throw http_error(409, "message " + id + " is not yet acknowledged to its ESME");
        default: throw http_error(409, "message " + id + " is already final");
    }
}

}  // namespace

std::string iso_time(std::chrono::system_clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                       utc.tm_hour, utc.tm_min, utc.tm_sec, ms % 1000);
}

std::string_view bind_mode_of(session_state s) noexcept {
    switch (s) {
        case session_state::bound_tx: return "transmitter";
        case session_state::bound_rx: return "receiver";
        case session_state::bound_trx: return "transceiver";
        default: return "";
    }
}

std::string_view state_name(session_state s) noexcept {
    switch (s) {
        case session_state::open: return "open";
        case session_state::bound_tx: return "bound_tx";
        case session_state::bound_rx: return "bound_rx";
        case session_state::bound_trx: return "bound_trx";
        case session_state::unbound: return "unbound";
        case session_state::closed: return "closed";
    }
    return "unknown";
}

json message_json(const mc::stored_message& m) {
    json to = json::array();
    for (const auto& d : m.destinations) to.push_back(d.address);
    return {{"id", m.message_id},
            {"system_id", m.system_id},
            {"from", m.source.address},
            {"to", std::move(to)},
            {"state", mc::stat_of(m.state)},
            {"error", m.error_code},
            {"submitted", iso_time(m.submitted)},
            {"final", m.final_date ? json(iso_time(*m.final_date)) : json(nullptr)},
            {"registered_delivery", m.registered_delivery},
            {"text", m.text}};
}

void add_message_routes(cli::http::router& r, const mc_api& api) {
    r.add(method::get, "/messages", [&api](const request& q) { return list(api, q); });
    r.add(method::get, "/messages/{id}", [&api](const request& q) { return one(api, q); });
    r.add(method::post, "/messages/{id}/deliver", [&api](const request& q) { return deliver(api, q); });
}

}  // namespace smpp::mc_app

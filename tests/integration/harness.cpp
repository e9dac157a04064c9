#include "harness.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "smpp/log/log.hpp"

namespace smpp::test {
namespace {

// Pulls "key":"value" or "key":number out of one JSON log payload; the field order is fixed
// by the log module, and values the tests use contain no quotes.
std::string field(std::string_view line, std::string_view key) {
    const std::string needle = "\"" + std::string(key) + "\":";
    const auto at = line.find(needle);
    if (at == std::string_view::npos) return {};
    auto rest = line.substr(at + needle.size());
    if (!rest.empty() && rest.front() == '"') {
        rest.remove_prefix(1);
        return std::string(rest.substr(0, rest.find('"')));
    }
    return std::string(rest.substr(0, rest.find_first_of(",}")));
}

}  // namespace

event_log::event_log() {
    log::init_tap(log::format::json, log::level::info, [this](std::string_view line) { add(line); });
}

event_log::~event_log() { log::init(log::format::text, log::level::info); }

void event_log::add(std::string_view line) {
    logged e{field(line, "role"), field(line, "system_id"), field(line, "event"), field(line, "reason"), {}};
    if (auto seq = field(line, "seq"); !seq.empty()) e.seq = static_cast<std::uint32_t>(std::stoul(seq));
    {
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(e));
    }
    changed_.notify_all();
}

std::vector<logged> event_log::snapshot() const {
    std::lock_guard lock(mutex_);
    return events_;
}

std::size_t event_log::count(const std::string& role, const std::string& event) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [&](const logged& e) {
        return e.role == role && e.event == event;
    }));
}

bool event_log::wait_for(const std::string& role, const std::string& event, std::size_t n,
                         std::chrono::milliseconds deadline) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] {
        return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [&](const logged& e) {
                   return e.role == role && e.event == event;
               })) >= n;
    });
}

std::vector<std::string> unmatched_unbinds(const std::vector<logged>& events) {
    using key = std::tuple<std::string, std::string, std::string, std::uint32_t>;  // role, event, id, seq
    std::set<key> seen;
    for (const auto& e : events)
        if (e.seq) seen.emplace(e.role, e.event, e.system_id, *e.seq);
    std::vector<std::string> problems;
    for (const auto& e : events) {
        if (e.event != "unbind_sent") continue;
        const std::string peer = e.role == "esme" ? "mc" : "esme";
        const std::pair<std::string, std::string> expected[] = {
            {e.role, "unbind_resp_received"}, {peer, "unbind_received"}, {peer, "unbind_resp_sent"}};
        for (const auto& [role, event] : expected)
            if (!seen.count({role, event, e.system_id, *e.seq}))
                problems.push_back(e.role + " " + e.system_id + " unbind seq=" + std::to_string(*e.seq) +
                                   ": no " + role + " " + event);
    }
    return problems;
}

std::size_t complete_unbinds(const std::vector<logged>& events) {
    const auto sent = std::count_if(events.begin(), events.end(), [](const logged& e) { return e.event == "unbind_sent"; });
    return static_cast<std::size_t>(sent) - std::min<std::size_t>(sent, unmatched_unbinds(events).size());
}

running_mc::running_mc(mc_options o) {
    o.host = "127.0.0.1";
    o.port = 0;
    o.handle_signals = false;
    o.on_listening = [this](std::uint16_t port) { listening_.set_value(port); };
    server_ = std::make_unique<mc_server>(std::move(o));
    result_ = std::async(std::launch::async, [this] { return server_->run(); });
    auto port = listening_.get_future();
    if (port.wait_for(10s) == std::future_status::ready) port_ = port.get();
}

running_mc::~running_mc() {
    if (result_.valid() && result_.wait_for(0s) != std::future_status::ready) {
        server_->stop();
        result_.wait();
    }
}

std::optional<int> running_mc::wait(std::chrono::milliseconds deadline) {
    if (result_.wait_for(deadline) != std::future_status::ready) return std::nullopt;
    return result_.get();
}

running_esme::running_esme(esme_options o) {
    o.handle_signals = false;
    client_ = std::make_unique<esme_client>(std::move(o));
    result_ = std::async(std::launch::async, [this] { return client_->run(); });
}

running_esme::~running_esme() {
    if (result_.valid() && result_.wait_for(0s) != std::future_status::ready) {
        client_->stop();
        client_->stop();  // the second stop closes at once: a failing test must not hang
        result_.wait();
    }
}

std::optional<int> running_esme::wait(std::chrono::milliseconds deadline) {
    if (result_.wait_for(deadline) != std::future_status::ready) return std::nullopt;
    return result_.get();
}

esme_options esme_for(std::uint16_t port, unsigned sessions) {
    esme_options o;
    o.host = "127.0.0.1";
    o.port = port;
    o.sessions = sessions;
    o.system_id = "sid{n}";
    o.password = "pass{n}";
    return o;
}

}  // namespace smpp::test

#include "smpp/mc/admission.hpp"

#include <algorithm>
#include <iterator>

namespace smpp::mc {

admission::admission(admission_limits limits) : limits_(limits) {}

bind_verdict admission::decide(session_id session, std::string_view system_id, std::string_view peer_address,
                               clock::time_point now, const std::function<command_status()>& check_credentials) {
    const std::string address(peer_address);
    // Before the password: a guessing peer learns nothing more, right or wrong.
    if (blocked(address, now)) {
        count_failure(address, now);
        return {command_status::bind_failed, "peer_blocked"};
    }
    if (const auto status = check_credentials(); status != command_status::ok) {
        count_failure(address, now);
        return {status, "credentials"};
    }
    release(session);  // a session binds once; never count it twice
    if (limits_.max_sessions != 0 && sessions_.size() >= limits_.max_sessions)
        return {command_status::bind_failed, "max_sessions"};
    if (limits_.max_sessions_per_system_id != 0 && bound_as(system_id) >= limits_.max_sessions_per_system_id)
        return {command_status::bind_failed, "max_sessions_per_system_id"};
    sessions_.emplace(session, std::string(system_id));
    ++per_system_id_[std::string(system_id)];
    return {};
}

void admission::release(session_id session) {
    const auto it = sessions_.find(session);
    if (it == sessions_.end()) return;
    const auto count = per_system_id_.find(it->second);
    if (count != per_system_id_.end() && --count->second == 0) per_system_id_.erase(count);
    sessions_.erase(it);
}

std::size_t admission::bound_as(std::string_view system_id) const {
    const auto it = per_system_id_.find(system_id);
    return it == per_system_id_.end() ? 0 : it->second;
}

bool admission::blocked(const std::string& address, clock::time_point now) {
    if (limits_.max_failed_binds == 0) return false;
    const auto it = failures_.find(address);
    if (it == failures_.end()) return false;
    forget_expired(it->second, now);
    if (!it->second.empty()) return it->second.size() >= limits_.max_failed_binds;
    failures_.erase(it);
    return false;
}

void admission::count_failure(const std::string& address, clock::time_point now) {
    if (limits_.max_failed_binds == 0) return;
    auto& times = failures_[address];
    times.push_back(now);
    // Only the newest max_failed_binds matter: the block lasts until the oldest of them expires.
    if (times.size() > limits_.max_failed_binds) times.pop_front();
    if (failures_.size() >= sweep_at_) sweep(now);
}

void admission::forget_expired(std::deque<clock::time_point>& times, clock::time_point now) const {
    while (!times.empty() && now - times.front() >= limits_.failed_bind_window) times.pop_front();
}

// Peers that failed once and went away would otherwise stay in the map for good.
void admission::sweep(clock::time_point now) {
    for (auto it = failures_.begin(); it != failures_.end();) {
        forget_expired(it->second, now);
        it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    sweep_at_ = std::max<std::size_t>(1024, failures_.size() * 2);
}

std::string_view address_of(std::string_view peer) noexcept {
    const auto colon = peer.rfind(':');
    return colon == std::string_view::npos ? peer : peer.substr(0, colon);
}

}  // namespace smpp::mc

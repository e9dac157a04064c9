#include "smpp/mc/receipt_router.hpp"

#include <algorithm>
#include <utility>

namespace smpp::mc {

receipt_router::receipt_router(sender send, std::size_t max_queued)
    : send_(std::move(send)), max_queued_(std::max<std::size_t>(max_queued, 1)) {}

void receipt_router::receiver_bound(session_id id, const std::string& system_id) {
    if (receivers_.contains(id)) return;
    receivers_.emplace(id, receiver_entry{system_id, {}});
    auto& system = systems_[system_id];
    system.receivers.push_back(id);
    // Whatever waited for a receiver goes out now, in the order it was made.
    auto waiting = std::exchange(system.queue, {});
    for (auto& r : waiting) add(system_id, std::move(r));
}

void receipt_router::receiver_gone(session_id id) {
    auto it = receivers_.find(id);
    if (it == receivers_.end()) return;
    const std::string system_id = std::move(it->second.system_id);
    auto held = std::move(it->second.held);
    receivers_.erase(it);
    auto& system = systems_[system_id];
    const auto at = std::find(system.receivers.begin(), system.receivers.end(), id);
    if (at != system.receivers.end()) {
        const auto index = static_cast<std::size_t>(at - system.receivers.begin());
        system.receivers.erase(at);
        if (index < system.next) --system.next;
    }
    if (system.next >= system.receivers.size()) system.next = 0;
    for (auto& r : held) add(system_id, std::move(r));
}

void receipt_router::add(const std::string& system_id, sm_body receipt) {
    auto& system = systems_[system_id];
    if (system.receivers.empty()) {
        if (system.queue.size() >= max_queued_) {
            system.queue.pop_front();
            ++dropped_;
        }
        system.queue.push_back(std::move(receipt));
        return;
    }
    const session_id id = system.receivers[system.next];
    system.next = (system.next + 1) % system.receivers.size();
    receivers_[id].held.push_back(std::move(receipt));
    pump(id);
}

void receipt_router::window_opened(session_id id) { pump(id); }

void receipt_router::pump(session_id id) {
    auto it = receivers_.find(id);
    if (it == receivers_.end()) return;
    auto& held = it->second.held;
    while (!held.empty()) {
        switch (send_(id, held.front())) {
            case send_result::sent: held.pop_front(); break;
            case send_result::failed:
                held.pop_front();
                ++dropped_;
                break;
            case send_result::window_full: return;
            case send_result::unavailable: return receiver_gone(id);
        }
    }
}

std::size_t receipt_router::queued() const noexcept {
    std::size_t n = 0;
    for (const auto& [_, system] : systems_) n += system.queue.size();
    return n;
}

std::size_t receipt_router::held() const noexcept {
    std::size_t n = 0;
    for (const auto& [_, receiver] : receivers_) n += receiver.held.size();
    return n;
}

}  // namespace smpp::mc

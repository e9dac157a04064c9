#include "smpp/mc/receipt_router.hpp"

#include <algorithm>
#include <utility>

namespace smpp::mc {

std::chrono::milliseconds retry_policy::backoff(std::uint32_t n) const noexcept {
    auto wait = std::max(first, std::chrono::milliseconds(1));
    // Doubling past `longest` would only overflow: stop as soon as it is reached.
    for (std::uint32_t i = 1; i < n && wait < longest; ++i) wait *= 2;
    return std::min(wait, std::max(longest, first));
}

receipt_router::receipt_router(sender send, std::size_t max_queued, std::size_t max_queued_mo, retry_policy retry)
    : send_(std::move(send)),
      max_queued_{std::max<std::size_t>(max_queued, 1), std::max<std::size_t>(max_queued_mo, 1)},
      retry_(retry) {}

void receipt_router::receiver_bound(session_id id, const std::string& system_id) {
    if (receivers_.contains(id)) return;
    receivers_.emplace(id, receiver_entry{system_id, {}, {}, false});
    auto& system = systems_[system_id];
    system.receivers.push_back(id);
    // Whatever waited for a receiver goes out now, in the order it was made.
    for (auto& queue : system.queues) {
        auto waiting = std::exchange(queue, {});
        for (auto& it : waiting) route(system_id, std::move(it));
    }
}

void receipt_router::leave_round_robin(session_id id, const std::string& system_id) {
    auto& system = systems_[system_id];
    const auto at = std::find(system.receivers.begin(), system.receivers.end(), id);
    if (at != system.receivers.end()) {
        const auto index = static_cast<std::size_t>(at - system.receivers.begin());
        system.receivers.erase(at);
        if (index < system.next) --system.next;
    }
    if (system.next >= system.receivers.size()) system.next = 0;
}

void receipt_router::receiver_gone(session_id id) {
    auto it = receivers_.find(id);
    if (it == receivers_.end() || it->second.gone) return;
    auto& r = it->second;
    r.gone = true;
    const std::string system_id = r.system_id;
    auto held = std::exchange(r.held, {});
    leave_round_robin(id, system_id);
    // Answers to its flights may still come; without any, nothing is left to remember.
    if (r.flights.empty()) receivers_.erase(it);
    held.for_each([&](item& h) { route(system_id, std::move(h)); });
}

void receipt_router::session_closed(session_id id) {
    receiver_gone(id);
    auto it = receivers_.find(id);
    if (it == receivers_.end()) return;
    for (const auto& f : it->second.flights) {
        ++count(f.sent.kind).unanswered;
        report(f.sent, receipt_outcome::session_closed, id);
    }
    receivers_.erase(it);
}

void receipt_router::add(const std::string& system_id, sm_body receipt, receipt_tag tag) {
    ++count(delivery_kind::receipt).added;
    route(system_id, item{std::move(receipt), delivery_kind::receipt, 0, tag});
}

void receipt_router::add_mo(const std::string& system_id, sm_body mo) {
    ++count(delivery_kind::mo).added;
    route(system_id, item{std::move(mo), delivery_kind::mo, 0});
}

void receipt_router::take_queued(const std::string& system_id,
                                 function_ref<void(delivery_kind, sm_body, receipt_tag)> each) {
    const auto system = systems_.find(system_id);
    if (system == systems_.end()) return;
    for (auto& queue : system->second.queues) {
        for (auto& it : std::exchange(queue, {})) {
            --count(it.kind).added;
            each(it.kind, std::move(it.body), it.tag);
        }
    }
}

void receipt_router::route(const std::string& system_id, item it) {
    auto& system = systems_[system_id];
    if (system.receivers.empty()) return enqueue(system, std::move(it));
    const session_id id = system.receivers[system.next];
    system.next = (system.next + 1) % system.receivers.size();
    receivers_[id].held.push_back(std::move(it));
    pump(id);
}

void receipt_router::enqueue(system_entry& system, item it) {
    auto& queue = system.queues[index(it.kind)];
    if (queue.size() >= max_queued_[index(it.kind)]) {
        ++count(queue.front().kind).overflowed;
        report(queue.front(), receipt_outcome::queue_full);
        queue.pop_front();
    }
    queue.push_back(std::move(it));
}

void receipt_router::window_opened(session_id id) { pump(id); }

void receipt_router::pump(session_id id) {
    auto it = receivers_.find(id);
    if (it == receivers_.end()) return;
    auto& r = it->second;
    while (!r.held.empty()) {
        const auto attempt = send_(id, r.held.front().body);
        switch (attempt.result) {
            case send_result::sent:
                ++count(r.held.front().kind).sent;
                report(r.held.front(), receipt_outcome::sent, id);
                if (attempt.sequence != 0) r.flights.push_back({attempt.sequence, std::move(r.held.front())});
                r.held.pop_front();
                break;
            case send_result::failed:
                ++count(r.held.front().kind).failed;
                report(r.held.front(), receipt_outcome::unsendable, id);
                r.held.pop_front();
                break;
            case send_result::window_full: return;
            case send_result::unavailable: return receiver_gone(id);
        }
    }
}

std::optional<receipt_router::item> receipt_router::land(session_id id, std::uint32_t sequence) {
    auto it = receivers_.find(id);
    if (it == receivers_.end()) return std::nullopt;
    auto& flights = it->second.flights;
    const auto at = std::find_if(flights.begin(), flights.end(), [&](const flight& f) { return f.sequence == sequence; });
    if (at == flights.end()) return std::nullopt;
    item landed = std::move(at->sent);
    *at = std::move(flights.back());
    flights.pop_back();
    return landed;
}

answer_verdict receipt_router::answered(session_id id, std::uint32_t sequence, command_status status,
                                                        time_point now) {
    auto landed = land(id, sequence);
    auto verdict = answer_verdict::unknown;
    if (landed) settle(id, receivers_.at(id).system_id, std::move(*landed), status, now, verdict);
    const auto it = receivers_.find(id);
    if (it != receivers_.end() && it->second.gone && it->second.flights.empty()) receivers_.erase(it);
    pump(id);
    return verdict;
}

void receipt_router::settle(session_id id, const std::string& system_id, item it, command_status status,
                            time_point now, answer_verdict& verdict) {
    auto& c = count(it.kind);
    if (status == command_status::ok) {
        ++c.acknowledged;
        report(it, receipt_outcome::acknowledged, id);
        verdict = answer_verdict::acknowledged;
    } else if (is_temporary(status) && it.retries < retry_.retries) {
        ++c.retried;
        report(it, receipt_outcome::retrying, id, status);
        ++it.retries;
        ++retrying_[index(it.kind)];
        retries_.add(now + retry_.backoff(it.retries), waiting_retry{system_id, std::move(it)});
        verdict = answer_verdict::retry;
    } else {
        ++c.refused;
        report(it, receipt_outcome::refused, id, status);
        verdict = answer_verdict::refused;
    }
}

void receipt_router::timed_out(session_id id, std::uint32_t sequence) {
    if (auto landed = land(id, sequence)) {
        ++count(landed->kind).unanswered;
        report(*landed, receipt_outcome::timed_out, id);
    }
    const auto it = receivers_.find(id);
    if (it != receivers_.end() && it->second.gone && it->second.flights.empty()) receivers_.erase(it);
    pump(id);
}

void receipt_router::retry_due(time_point now) {
    // Taken first, then routed: a send that fails at once cannot disturb the schedule.
    for (auto& due : retries_.take_due(now)) {
        --retrying_[index(due.again.kind)];
        route(due.system_id, std::move(due.again));
    }
}

void receipt_router::for_each_bound(function_ref<void(const std::string&)> each) const {
    for (const auto& [system_id, system] : systems_)
        if (!system.receivers.empty()) each(system_id);
}

std::size_t receipt_router::queued() const noexcept {
    return queued(delivery_kind::receipt) + queued(delivery_kind::mo);
}

std::size_t receipt_router::queued(delivery_kind kind) const noexcept {
    std::size_t n = 0;
    for (const auto& [_, system] : systems_) n += system.queues[index(kind)].size();
    return n;
}

std::size_t receipt_router::held() const noexcept {
    std::size_t n = 0;
    for (const auto& [_, receiver] : receivers_) n += receiver.held.size();
    return n;
}

std::size_t receipt_router::in_flight() const noexcept {
    std::size_t n = 0;
    for (const auto& [_, receiver] : receivers_) n += receiver.flights.size();
    return n;
}

std::size_t receipt_router::dropped() const noexcept {
    std::size_t n = 0;
    for (const auto& c : counts_) n += c.failed + c.overflowed;
    return n;
}

}  // namespace smpp::mc

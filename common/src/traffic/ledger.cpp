#include "smpp/traffic/ledger.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace smpp::traffic {
namespace {

// Which part outcome decides the message's: one rejected part rejects it, and so on.
int severity(outcome o) {
    switch (o) {
        case outcome::accepted: return 0;
        case outcome::not_sent: return 1;
        case outcome::timed_out: return 2;
        case outcome::rejected: return 3;
        case outcome::pending: break;
    }
    return -1;
}

outcome worse(outcome a, outcome b) { return severity(a) >= severity(b) ? a : b; }

std::chrono::microseconds percentile(std::vector<std::uint32_t>& sorted, double q) {
    if (sorted.empty()) return {};
    const auto at = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
    return std::chrono::microseconds(sorted[at]);
}

}  // namespace

std::string_view name_of(outcome o) noexcept {
    switch (o) {
        case outcome::pending: return "pending";
        case outcome::accepted: return "accepted";
        case outcome::rejected: return "rejected";
        case outcome::timed_out: return "timeout";
        case outcome::not_sent: return "not_sent";
    }
    return "?";
}

std::size_t ledger::add(std::size_t count, std::uint16_t parts) {
    const std::size_t first = entries_.size();
    entries_.resize(first + count, entry{.parts = parts});
    return first;
}

void ledger::part_sent(std::size_t message, std::uint16_t, clock::time_point now) {
    auto& e = entries_[message];
    ++e.sent;
    ++parts_submitted_;
    if (first_sent_ == clock::time_point{}) first_sent_ = now;
}

void ledger::part_retried(std::size_t message) {
    --entries_[message].sent;
    ++retries_;
}

void ledger::part_accepted(std::size_t message, std::uint16_t part, std::string message_id, clock::duration latency,
                           clock::time_point now) {
    latencies_us_.push_back(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(latency).count()));
    last_answer_ = now;
    if (part == 0) entries_[message].message_id = std::move(message_id);
    answer(message, outcome::accepted);
}

void ledger::part_rejected(std::size_t message, command_status status, clock::duration latency, clock::time_point now) {
    latencies_us_.push_back(static_cast<std::uint32_t>(std::chrono::duration_cast<std::chrono::microseconds>(latency).count()));
    last_answer_ = now;
    auto& e = entries_[message];
    if (e.status == command_status::ok) e.status = status;
    answer(message, outcome::rejected);
}

void ledger::part_timed_out(std::size_t message) { answer(message, outcome::timed_out); }

void ledger::part_unsent(std::size_t message) {
    --entries_[message].sent;
    --parts_submitted_;
}

void ledger::refused(std::size_t message, command_status status) {
    auto& e = entries_[message];
    if (e.result != outcome::pending) return;
    if (e.status == command_status::ok) e.status = status;
    finish(e, outcome::rejected);
}

void ledger::answer(std::size_t message, outcome part_outcome) {
    auto& e = entries_[message];
    if (e.result != outcome::pending) return;
    e.worst = worse(e.worst, part_outcome);
    // A rejected part settles the message at once: nothing can make it better, and the traffic
    // engine skips the parts not sent yet only once done() says so.
    if (++e.answered == e.parts || part_outcome == outcome::rejected) finish(e, e.worst);
}

void ledger::finish(entry& e, outcome o) {
    e.result = o;
    ++finished_;
}

void ledger::close_all() {
    for (auto& e : entries_) {
        if (e.result != outcome::pending) continue;
        if (e.sent > e.answered) e.worst = worse(e.worst, outcome::timed_out);
        if (e.sent < e.parts) e.worst = worse(e.worst, outcome::not_sent);
        finish(e, e.worst);
    }
}

summary ledger::summarize() const {
    summary s;
    s.messages = entries_.size();
    s.parts_submitted = parts_submitted_;
    s.retries = retries_;
    s.receipts = receipts_;
    for (const auto& e : entries_) {
        if (e.sent > 0) ++s.submitted;
        switch (e.result) {
            case outcome::accepted: ++s.accepted; break;
            case outcome::rejected:
                ++s.rejected;
                ++s.rejected_by_status[e.status];
                break;
            case outcome::timed_out: ++s.timed_out; break;
            case outcome::not_sent: ++s.not_sent; break;
            case outcome::pending: break;
        }
    }
    if (last_answer_ > first_sent_) {
        s.seconds = std::chrono::duration<double>(last_answer_ - first_sent_).count();
        s.messages_per_second = static_cast<double>(s.accepted + s.rejected) / s.seconds;
    }
    auto sorted = latencies_us_;
    std::sort(sorted.begin(), sorted.end());
    s.p50 = percentile(sorted, 0.50);
    s.p90 = percentile(sorted, 0.90);
    s.p99 = percentile(sorted, 0.99);
    s.max = percentile(sorted, 1.0);
    return s;
}

std::string summary::to_text() const {
    std::string out = fmt::format(
        "messages {} = accepted {} + rejected {} + timed out {} + not sent {}\n"
        "submitted {} ({} parts, {} retries after throttling), receipts received {}\n"
        "throughput {:.0f} msg/s over {:.3f} s; round trip p50 {} us, p90 {} us, p99 {} us, max {} us\n",
        messages, accepted, rejected, timed_out, not_sent, submitted, parts_submitted, retries, receipts,
        messages_per_second, seconds, p50.count(), p90.count(), p99.count(), max.count());
    for (const auto& [status, count] : rejected_by_status)
        out += fmt::format("rejected with {} (0x{:08X}): {}\n", name_of(status), static_cast<std::uint32_t>(status), count);
    return out;
}

}  // namespace smpp::traffic

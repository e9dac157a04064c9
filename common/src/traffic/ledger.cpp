#include "smpp/traffic/ledger.hpp"

#include <algorithm>

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

std::uint32_t micros(std::chrono::steady_clock::duration d) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
    return static_cast<std::uint32_t>(std::clamp<std::int64_t>(us, 0, UINT32_MAX));
}

// registered_delivery (§5.2.17): bits 0..1 = 1 asks for a final receipt whatever happens; 2
// only on failure; bit 4 for intermediate notifications. Any of them may send receipts back.
constexpr bool receipt_due(std::uint8_t rd) noexcept { return (rd & 0x03) == 0x01; }
constexpr bool receipt_possible(std::uint8_t rd) noexcept { return (rd & 0x03) != 0 || (rd & 0x10) != 0; }

// Receipts kept aside until their submit_sm_resp is in: beyond this they count as unmatched.
constexpr std::size_t max_early = 4096;

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

std::size_t ledger::add(std::size_t count, std::uint16_t parts, std::uint8_t registered_delivery) {
    const std::size_t first = entries_.size();
    const bool indexed = receipt_possible(registered_delivery);
    entries_.resize(first + count, entry{.parts = parts, .wants_receipt = receipt_due(registered_delivery), .indexed = indexed});
    for (std::size_t i = 0; i < count; ++i) entries_[first + i].first_part = static_cast<std::uint32_t>(slots_ + i * parts);
    // Only parts a receipt can name need a record of their own: a run that asks for none
    // (the plain load test) keeps nothing per part but its message_id.
    if (indexed) {
        parts_.resize(slots_ + count * parts);
        for (std::size_t i = 0; i < count; ++i)
            for (std::uint16_t p = 0; p < parts; ++p) parts_[slots_ + i * parts + p].message = static_cast<std::uint32_t>(first + i);
        early_.reserve(max_early);
    }
    slots_ += count * parts;
    ids_.reserve(slots_, indexed ? count * parts : 0);
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

void ledger::part_accepted(std::size_t message, std::uint16_t part, std::string_view message_id, clock::duration latency,
                           clock::time_point now) {
    latencies_us_.push_back(micros(latency));
    last_answer_ = now;
    auto& e = entries_[message];
    const auto slot = e.first_part + part;
    ids_.add(slot, message_id, e.indexed);
    if (e.indexed) {
        auto& p = parts_[slot];
        p.accepted = true;
        p.accepted_at = now;
    }
    if (e.wants_receipt) ++owed_;
    answer(message, outcome::accepted);
}

void ledger::part_rejected(std::size_t message, command_status status, clock::duration latency, clock::time_point now) {
    latencies_us_.push_back(micros(latency));
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

void ledger::not_sendable(std::size_t message, std::string reason) {
    auto& e = entries_[message];
    if (e.result != outcome::pending) return;
    if (reasons_.empty() || reasons_.back() != reason) reasons_.push_back(std::move(reason));
    reason_of_.emplace_back(static_cast<std::uint32_t>(message), static_cast<std::uint32_t>(reasons_.size() - 1));
    finish(e, outcome::not_sent);
}

std::string_view ledger::reason(std::size_t message) const {
    const auto at = std::lower_bound(reason_of_.begin(), reason_of_.end(), std::pair{static_cast<std::uint32_t>(message), 0u});
    if (at == reason_of_.end() || at->first != message) return {};
    return reasons_[at->second];
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
    if (o == outcome::accepted) ++accepted_;
    if (o == outcome::rejected) ++rejected_;
}

void ledger::forget_unsent() {
    for (auto& e : entries_) {
        if (e.result != outcome::pending || e.sent != 0) continue;
        e.forgotten = true;
        e.result = outcome::not_sent;
        ++finished_;
        ++forgotten_;
    }
}

receipt_match ledger::receipt(const delivery_receipt& r, clock::time_point now) {
    ++receipts_;
    if (const auto slot = ids_.find(r.message_id)) return apply(*slot, r, now);
    // Perhaps its submit_sm_resp is still on its way (another session, same instant).
    keep_unmatched(r, now);
    return receipt_match::unmatched;
}

std::optional<receipt_match> ledger::receipt_if_ours(const delivery_receipt& r, clock::time_point now) {
    if (const auto slot = ids_.find(r.message_id)) return apply(*slot, r, now);
    return std::nullopt;
}

void ledger::keep_unmatched(const delivery_receipt& r, clock::time_point now) {
    if (early_.size() < max_early && early_.capacity() != 0)
        early_.push_back({r, now});
    else
        ++receipt_.unmatched;
}

std::vector<std::pair<delivery_receipt, ledger::clock::time_point>> ledger::take_kept() {
    std::vector<std::pair<delivery_receipt, clock::time_point>> out;
    out.reserve(early_.size());
    for (auto& e : early_) out.emplace_back(std::move(e.r), e.at);
    early_.clear();  // the capacity stays: receipts kept later still fit
    return out;
}

receipt_match ledger::apply(std::uint32_t slot, const delivery_receipt& r, clock::time_point now) {
    auto& p = parts_[slot];
    if (!r.final()) {
        ++receipt_.intermediate;
        return receipt_match::intermediate;
    }
    if (p.state != message_state{}) {
        ++receipt_.duplicate;
        return receipt_match::duplicate;
    }
    p.state = *r.state;
    p.receipt_us = micros(now - p.accepted_at);
    p.has_error = r.error_code.has_value();
    p.error = r.error_code.value_or(0);
    receipt_latencies_us_.push_back(p.receipt_us);
    ++receipt_.matched;
    if (entries_[p.message].wants_receipt && owed_ > 0) --owed_;
    return receipt_match::matched;
}

void ledger::rematch() {
    // erase_if never moves a kept receipt onto itself, which would empty its id.
    std::erase_if(early_, [this](const early_receipt& e) {
        const auto slot = ids_.find(e.r.message_id);
        if (slot) apply(*slot, e.r, e.at);
        return slot.has_value();
    });
}

std::optional<message_receipt> ledger::receipt_of(std::size_t message) const {
    const auto& e = entries_[message];
    if (!e.indexed) return std::nullopt;
    message_receipt out;
    bool any = false;
    for (std::uint32_t slot = e.first_part; slot < e.first_part + e.parts; ++slot) {
        const auto& p = parts_[slot];
        if (!p.accepted) continue;
        if (p.state == message_state{}) return std::nullopt;
        any = true;
        if (out.state == message_state::delivered && p.state != message_state::delivered) out.state = p.state;
        if (p.has_error && !out.error) out.error = p.error;
        out.latency = std::max(out.latency, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::microseconds(p.receipt_us)));
    }
    if (!any) return std::nullopt;
    return out;
}

void ledger::close_all() {
    for (auto& e : entries_) {
        if (e.result != outcome::pending) continue;
        if (e.sent > e.answered) e.worst = worse(e.worst, outcome::timed_out);
        if (e.sent < e.parts) e.worst = worse(e.worst, outcome::not_sent);
        finish(e, e.worst);
    }
    rematch();
}

}  // namespace smpp::traffic

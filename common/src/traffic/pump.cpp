#include "smpp/traffic/pump.hpp"

#include <algorithm>
#include <bit>

namespace smpp::traffic {
namespace {

bool retry_later(command_status s) {
    return s == command_status::throttled || s == command_status::message_queue_full;
}

}  // namespace

// ---- flight_table -----------------------------------------------------------------------------

flight_table::flight_table(std::size_t window) : window_(window) {}

void flight_table::add(std::uint32_t sequence, part_ref part, clock::time_point sent_at) {
    if (slots_.empty()) {
        slots_.resize(std::bit_ceil(std::max<std::size_t>(8, 2 * window_)));
        mask_ = slots_.size() - 1;
        overflow_.reserve(window_);
    }
    auto& slot = slots_[sequence & mask_];
    if (slot.sequence == 0)
        slot = {sequence, part, sent_at};
    else
        overflow_.push_back({sequence, part, sent_at});
    ++size_;
}

std::optional<flight_table::entry> flight_table::take(std::uint32_t sequence) {
    if (sequence == 0 || slots_.empty()) return std::nullopt;
    auto& slot = slots_[sequence & mask_];
    if (slot.sequence == sequence) {
        const entry found = slot;
        slot = {};
        --size_;
        return found;
    }
    const auto it = std::find_if(overflow_.begin(), overflow_.end(), [&](const entry& e) { return e.sequence == sequence; });
    if (it == overflow_.end()) return std::nullopt;
    const entry found = *it;
    *it = overflow_.back();
    overflow_.pop_back();
    --size_;
    return found;
}

// ---- pump -------------------------------------------------------------------------------------

pump::pump(pump_config cfg, ledger& book)
    : cfg_(cfg), book_(book), pacer_(cfg.rate), unfinished_(std::max(1u, cfg.sessions)) {
    cfg_.sessions = std::max(1u, cfg_.sessions);
    cfg_.window = std::max<std::size_t>(1, cfg_.window);
    lanes_.reserve(cfg_.sessions);
    for (unsigned n = 1; n <= cfg_.sessions; ++n) {
        auto& l = lanes_.emplace_back(cfg_.window);
        // Round-robin over the sessions: session n sends messages n-1, n-1+N, ...
        l.next_fresh = n - 1;
        l.stride = cfg_.sessions;
        l.fresh_end = book_.size();
    }
}

void pump::on_bound(unsigned session) {
    auto& l = lane_of(session);
    l.bound = true;
    // A new connection starts without the old one's back-off: only the backlog carries over.
    l.backoff = {};
    l.paused_until = {};
}

pump_action pump::poll(unsigned session, clock::time_point now) {
    auto& l = lane_of(session);
    if (!l.bound || l.finished || stopping_) return {};
    const auto wait_for_answer = pump_action{pump_action::kind::wait, {}, clock::time_point::max()};
    if (l.flight.size() >= cfg_.window) return wait_for_answer;
    if (has_work(l)) {
        const auto ready_at = std::max(l.paused_until, pacer_.next(now));
        if (ready_at > now) return {pump_action::kind::wait, {}, ready_at};
        if (const auto turn = wait_for_turn(session, now)) return {pump_action::kind::wait, {}, *turn};
        if (const auto p = take_next(l)) return {pump_action::kind::send, *p, {}};
    }
    // Nothing left to send: a throttled answer may still put a part back, so wait for all.
    settle(l);
    return l.finished ? pump_action{} : wait_for_answer;
}

bool pump::can_send_now(const lane& l, clock::time_point now) const noexcept {
    return l.bound && !l.finished && !stopping_ && l.flight.size() < cfg_.window && has_work(l) &&
           l.paused_until <= now;
}

auto pump::wait_for_turn(unsigned session, clock::time_point now) const noexcept -> std::optional<clock::time_point> {
    // Paced slots go round the sessions. Every session's timer fires at the same slot, and the
    // one armed first would take them all: --rate over N sessions went out on session 1 alone.
    // Another session takes the slot when the one whose turn it is cannot send now, or has let
    // a whole interval pass without sending (its driver may not be polling).
    if (!pacer_.paces() || cfg_.sessions == 1 || paced_turn_ == session) return std::nullopt;
    const auto overdue = pacer_.due() + pacer_.interval();
    if (now >= overdue || !can_send_now(lane_of(paced_turn_), now)) return std::nullopt;
    return overdue;
}

std::optional<part_ref> pump::take_next(lane& l) {
    while (!l.queue.empty()) {
        const auto p = l.queue.front();
        l.queue.pop_front();
        if (!book_.done(p.message)) return p;  // else another part already failed it
    }
    while (l.next_fresh < l.fresh_end) {
        const auto message = static_cast<std::uint32_t>(l.next_fresh);
        l.next_fresh += l.stride;
        if (book_.done(message)) continue;  // refused up front
        // Single-part messages, the common case, never touch the queue.
        for (std::uint16_t part = 1; part < book_.parts_of(message); ++part) l.queue.push_back({message, part});
        return part_ref{message, 0};
    }
    return std::nullopt;
}

void pump::sent(unsigned session, part_ref part, std::uint32_t sequence, clock::time_point now) {
    pacer_.consume(now);
    if (pacer_.paces()) paced_turn_ = session % cfg_.sessions + 1;
    book_.part_sent(part.message, part.part, now);
    lane_of(session).flight.add(sequence, part, now);
    ++in_flight_;
}

void pump::refused(unsigned session, part_ref part, command_status status) {
    book_.refused(part.message, status);
    settle(lane_of(session));
}

void pump::deferred(unsigned session, part_ref part) { lane_of(session).queue.push_front(part); }

bool pump::on_response(unsigned session, std::uint32_t sequence, command_status status, std::string message_id,
                       clock::time_point now) {
    auto& l = lane_of(session);
    const auto e = l.flight.take(sequence);
    if (!e) return false;
    --in_flight_;
    const auto [message, part] = e->part;
    if (status == command_status::ok) {
        book_.part_accepted(message, part, std::move(message_id), now - e->sent_at, now);
        l.backoff = {};
    } else if (retry_later(status)) {
        // The MC asks us to slow down: send this part again after a growing pause.
        book_.part_retried(message);
        l.queue.push_front(e->part);
        l.backoff = std::clamp<clock::duration>(l.backoff * 2, cfg_.min_backoff, cfg_.max_backoff);
        l.paused_until = now + l.backoff;
    } else {
        book_.part_rejected(message, status, now - e->sent_at, now);
    }
    settle(l);
    return true;
}

bool pump::on_timeout(unsigned session, std::uint32_t sequence) {
    auto& l = lane_of(session);
    const auto e = l.flight.take(sequence);
    if (!e) return false;
    --in_flight_;
    book_.part_timed_out(e->part.message);
    settle(l);
    return true;
}

bool pump::on_unsent(unsigned session, std::uint32_t sequence) {
    auto& l = lane_of(session);
    const auto e = l.flight.take(sequence);
    if (!e) return false;
    --in_flight_;
    book_.part_unsent(e->part.message);
    l.queue.push_front(e->part);
    return true;
}

void pump::on_closed(unsigned session, bool resume) {
    auto& l = lane_of(session);
    // Sent but never answered: unconfirmed, so never counted as accepted.
    l.flight.drain([&](const flight_table::entry& e) {
        book_.part_timed_out(e.part.message);
        --in_flight_;
    });
    l.bound = false;
    if (!resume) finish(l);
}

void pump::settle(lane& l) {
    if (!has_work(l) && l.flight.size() == 0) finish(l);
}

void pump::finish(lane& l) {
    if (l.finished) return;
    l.finished = true;
    --unfinished_;
}

}  // namespace smpp::traffic

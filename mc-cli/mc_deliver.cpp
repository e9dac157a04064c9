// The MC's own deliver_sm, receipts and MO alike: making the MO (--mo-rate, --mo-file, --echo)
// and the intermediate notifications, sending what the router hands out, the ESME's answers
// with their retries, and the report of what never arrived.
#include <algorithm>

#include <fmt/format.h>

#include "arm_timer.hpp"
#include "mc_traffic.hpp"
#include "smpp/log/log.hpp"

namespace smpp::mc_app {
namespace {

constexpr log::context process{.role = "mc"};

}  // namespace

// --- sending ----------------------------------------------------------------------------------

mc::receipt_router::send_attempt mc_traffic::send_delivery(std::uint64_t session, const sm_body& body) {
    using result = mc::receipt_router::send_result;
    const auto peer = peers_.find(session);
    if (!delivering_ || peer == peers_.end()) return result::unavailable;
    const auto out = peer->second->session.send_request(command_id::deliver_sm, body);
    if (out.ok()) {
        ++peer->second->counters.delivers_sent;
        return {result::sent, out.sequence};
    }
    if (out.status == command_status::message_queue_full) return result::window_full;
    if (out.status == command_status::invalid_bind_status) return result::unavailable;
    return result::failed;
}

void mc_traffic::on_deliver_answer(net::server_session& s, const event& e) {
    const auto verdict = receipts_.answered(s.id(), e.sequence, e.status, clock::now());
    if (const auto peer = peers_.find(s.id()); peer != peers_.end()) ++peer->second->counters.delivers_answered;
    if (verdict == mc::answer_verdict::retry) {
        log::event(log::level::debug, s.who(), "deliver_retry",
                   fmt::format("deliver_sm answered {}: sent again after a back-off", name_of(e.status)),
                   {.seq = e.sequence, .status = name_of(e.status)});
        arm_retries();
    } else if (verdict == mc::answer_verdict::refused) {
        log::event(log::level::debug, s.who(), "deliver_refused",
                   fmt::format("deliver_sm answered {}: dropped", name_of(e.status)),
                   {.seq = e.sequence, .status = name_of(e.status)});
    }
}

void mc_traffic::arm_retries() {
    arm(retry_timer_, receipts_.next_retry(), [this] {
        receipts_.retry_due(clock::now());
        arm_retries();
        wake_drain();
    });
}

void mc_traffic::stop_delivering() {
    delivering_ = false;
    retry_timer_.cancel();
}

// --- making -----------------------------------------------------------------------------------

void mc_traffic::start() {
    mo_script_.start(clock::now());
    arm_script();
    arm_mo_rate();
}

void mc_traffic::notify(const std::string& system_id, std::string_view message_id) {
    for (auto& n : sim_.notifications(message_id, std::chrono::system_clock::now())) receipts_.add(system_id, std::move(n));
}

void mc_traffic::send_mo(const std::string& system_id, const mc::mo_message& m) {
    // Parts of one message share a reference; the next message gets the next one.
    for (auto& body : mc::mo_bodies(m, opt_.mo_long, mo_reference_++)) add_mo(system_id, std::move(body));
}

void mc_traffic::add_mo(const std::string& system_id, sm_body body) {
    const auto before = receipts_.counts(mc::delivery_kind::mo).overflowed;
    receipts_.add_mo(system_id, std::move(body));
    if (mo_overflow_logged_ || receipts_.counts(mc::delivery_kind::mo).overflowed == before) return;
    mo_overflow_logged_ = true;  // once: the total comes with the report at the end
    log::event(log::level::warn, process, "mo_queue_full",
               fmt::format("The MO queue of system_id {} is full (--mo-queue {}): its oldest MO are dropped "
                           "until a receiver binds",
                           system_id, opt_.mo_queue));
}

void mc_traffic::arm_mo_rate() {
    if (mo_rate_armed_ || stopping_) return;
    const auto when = mo_rate_.next_deadline(clock::now());
    if (!when) return;
    mo_rate_armed_ = true;
    arm(mo_rate_timer_, when, [this] {
        mo_rate_armed_ = false;
        mo_tick();
    });
}

void mc_traffic::mo_tick() {
    bool anyone = false;
    receipts_.for_each_bound([&](const std::string&) { anyone = true; });
    // Nobody to send to: the rate rests until a receiver binds (on_bound re-arms it).
    if (!anyone || stopping_) return;
    for (auto ticks = mo_rate_.take_due(clock::now()); ticks != 0; --ticks) {
        receipts_.for_each_bound([&](const std::string& system_id) {
            const auto n = ++mo_counter_;
            auto m = opt_.mo_template;
            m.from = mc::with_counter(opt_.mo_template.from, n);
            m.to = mc::with_counter(opt_.mo_template.to, n);
            m.text = mc::with_counter(opt_.mo_template.text, n);
            send_mo(system_id, m);
        });
    }
    arm_mo_rate();
}

void mc_traffic::arm_script() {
    arm(mo_script_timer_, mo_script_.next_deadline(), [this] {
        if (stopping_) return;
        mo_script_.take_due(clock::now(), [this](const mc::mo_message& m) { send_mo(m.system_id, m); });
        arm_script();
    });
}

// --- reports ----------------------------------------------------------------------------------

namespace {

void add_counts(mc::delivery_counts& to, const mc::delivery_counts& c) {
    to.added += c.added;
    to.sent += c.sent;
    to.acknowledged += c.acknowledged;
    to.retried += c.retried;
    to.refused += c.refused;
    to.unanswered += c.unanswered;
    to.overflowed += c.overflowed;
    to.failed += c.failed;
}

void log_receipts(const end_report& r) {
    const auto& c = r.receipts;
    // Made, plus those the messages still ENROUTE (or evicted while ENROUTE) would have made.
    const auto receipts_wanted = c.added + r.receipts_owed;
    const auto undelivered = receipts_wanted - std::min(receipts_wanted, c.acknowledged);
    if (undelivered == 0) return;
    const auto unanswered = std::min(undelivered, c.refused + c.unanswered);
    const auto unsent = undelivered - unanswered;
    const auto no_receiver = std::min<std::uint64_t>(r.receipts_queued, unsent);
    log::event(log::level::warn, process, "receipts_undelivered",
               fmt::format("count={} delivery {} never acknowledged: {} never sent ({} of them waiting for a "
                           "receiver to bind), {} refused or unanswered",
                           undelivered, log::plural(undelivered, "receipt"), unsent, no_receiver, unanswered));
}

// What became of the MO, when there were any.
void log_mo(const end_report& r) {
    const auto& c = r.mo;
    if (c.added == 0) return;
    const auto undelivered = c.added - std::min(c.added, c.acknowledged);
    log::event(log::level::info, process, "mo_summary",
               fmt::format("MO: {} made, {} acknowledged, {} retried after a temporary error", c.added,
                           c.acknowledged, c.retried));
    if (undelivered == 0) return;
    log::event(log::level::warn, process, "mo_undelivered",
               fmt::format("count={} MO never acknowledged: {} refused, {} unanswered, {} dropped from a full queue, "
                           "{} waiting for a receiver to bind, {} waiting to be retried, {} could not be sent",
                           undelivered, c.refused, c.unanswered, c.overflowed, r.mo_queued, r.mo_retrying, c.failed));
}

}  // namespace

end_report mc_traffic::final_counts() const {
    return {.receipts = receipts_.counts(mc::delivery_kind::receipt),
            .mo = receipts_.counts(mc::delivery_kind::mo),
            .receipts_owed = sim_.receipts_evicted() + sim_.store().receipts_owed(),
            .receipts_queued = receipts_.queued(mc::delivery_kind::receipt),
            .mo_queued = receipts_.queued(mc::delivery_kind::mo),
            .mo_retrying = receipts_.retrying(mc::delivery_kind::mo),
            .unbind_timed_out = unbind_timed_out_};
}

end_report& end_report::operator+=(const end_report& other) {
    add_counts(receipts, other.receipts);
    add_counts(mo, other.mo);
    receipts_owed += other.receipts_owed;
    receipts_queued += other.receipts_queued;
    mo_queued += other.mo_queued;
    mo_retrying += other.mo_retrying;
    unbind_timed_out = unbind_timed_out || other.unbind_timed_out;
    return *this;
}

void end_report::log() const {
    log_receipts(*this);
    log_mo(*this);
}

}  // namespace smpp::mc_app

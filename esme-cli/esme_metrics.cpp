#include "esme_metrics.hpp"

#include <bit>
#include <string>

#include "smpp/cli/wire_metrics.hpp"

namespace smpp::esme {
namespace {

using cli::metrics::text_writer;

// Totals of the sessions a label stands for: one session, or all of those beyond the labelled.
esme_metrics::session sum(const esme_metrics& m, unsigned first, unsigned last) {
    esme_metrics::session t;
    for (unsigned n = first; n <= last; ++n) {
        const auto& s = m.of(n);
        t.sent.inc(s.sent.value);
        t.accepted.inc(s.accepted.value);
        t.rejected.inc(s.rejected.value);
        t.timed_out.inc(s.timed_out.value);
        t.not_sent.inc(s.not_sent.value);
        t.mo.inc(s.mo.value);
        t.receipts.inc(s.receipts.value);
        for (std::size_t i = 0; i < s.receipts_by_state.size(); ++i) t.receipts_by_state[i].inc(s.receipts_by_state[i].value);
        t.latency.merge(s.latency);
    }
    return t;
}

enum class family { submits, in_flight, mo, receipts, latency };

void write_row(text_writer& w, family f, std::string_view label, const esme_metrics::session& s) {
    const cli::metrics::labels l{{"session", label}};
    switch (f) {
    case family::submits: {
        const std::pair<std::string_view, std::uint64_t> outcomes[] = {
            {"sent", s.sent.value}, {"accepted", s.accepted.value}, {"rejected", s.rejected.value}, {"timed_out", s.timed_out.value},
            {"not_sent", s.not_sent.value}};
        for (const auto& [outcome, n] : outcomes)
            w.sample("smpp_esme_submits_total", {{"session", label}, {"outcome", outcome}}, n);
        return;
    }
    case family::in_flight: return w.sample("smpp_esme_in_flight", l, s.in_flight());
    case family::mo: return w.sample("smpp_esme_mo_total", l, s.mo.value);
    case family::receipts:
        for (std::size_t i = 1; i < cli::metrics::state_slots; ++i)
            if (s.receipts_by_state[i].value != 0)
                w.sample("smpp_esme_receipts_total", {{"session", label}, {"state", cli::metrics::state_label(i)}}, s.receipts_by_state[i].value);
        return;
    case family::latency: return w.sample("smpp_esme_submit_latency_seconds", l, s.latency);
    }
}

}  // namespace

esme_metrics::esme_metrics(unsigned sessions, std::size_t window)
    : sessions_(sessions),
      // Twice the window: a sequence number spent on an enquire_link meanwhile does not push
      // the oldest submit in flight out of the ring.
      ring_mask_(std::bit_ceil(2 * window) - 1) {}

esme_metrics::record& esme_metrics::touch(unsigned n) {
    auto& r = sessions_[n - 1];
    if (!r) {
        r = std::make_unique<record>();
        r->ring = std::make_unique<sent_at[]>(ring_mask_ + 1);
    }
    return *r;
}

const esme_metrics::session& esme_metrics::of(unsigned n) const {
    static const session nothing_yet;
    const auto& r = sessions_[n - 1];
    return r ? r->counts : nothing_yet;
}

void esme_metrics::sent(unsigned n, std::uint32_t sequence, clock::time_point now) noexcept {
    auto& r = touch(n);
    r.counts.sent.inc();
    r.ring[sequence & ring_mask_] = {sequence, now};
}

void esme_metrics::answered(unsigned n, std::uint32_t sequence, command_status status, clock::time_point now) noexcept {
    auto& r = touch(n);
    auto& s = r.counts;
    const auto& at = r.ring[sequence & ring_mask_];
    if (at.sequence == sequence) s.latency.observe(std::chrono::duration<double>(now - at.at).count());
    if (status == command_status::ok) return s.accepted.inc();
    s.rejected.inc();
    const auto raw = static_cast<std::uint32_t>(status);
    for (auto& [kind, count] : s.rejected_by_status) {
        if (count != 0 && kind != raw) continue;
        kind = raw;
        ++count;
        return;
    }
    ++s.rejected_other;
}

void esme_metrics::timed_out(unsigned n) noexcept { touch(n).counts.timed_out.inc(); }
void esme_metrics::not_sent(unsigned n) noexcept { touch(n).counts.not_sent.inc(); }
void esme_metrics::closed(unsigned n) noexcept {
    if (auto& r = sessions_[n - 1]) r->counts.timed_out.inc(r->counts.in_flight());
}

void esme_metrics::receipt(unsigned n, message_state state) noexcept {
    auto& s = touch(n).counts;
    s.receipts.inc();
    s.receipts_by_state[static_cast<std::size_t>(state) % s.receipts_by_state.size()].inc();
}

void esme_metrics::mo(unsigned n) noexcept { touch(n).counts.mo.inc(); }

esme_metrics esme_metrics::counts_copy() const {
    esme_metrics copy(sessions(), 1);
    for (std::size_t i = 0; i < sessions_.size(); ++i)
        if (sessions_[i]) copy.sessions_[i] = std::make_unique<record>(record{.counts = sessions_[i]->counts, .ring = nullptr});
    return copy;
}

void esme_metrics::adopt(esme_metrics&& part, unsigned first) {
    for (std::size_t i = 0; i < part.sessions_.size() && first - 1 + i < sessions_.size(); ++i)
        sessions_[first - 1 + i] = std::move(part.sessions_[i]);
}

void esme_metrics::write(text_writer& w, unsigned labelled) const {
    std::vector<std::pair<std::string, session>> rows;
    const unsigned named = std::min(labelled, sessions());
    for (unsigned n = 1; n <= named; ++n) rows.emplace_back(std::to_string(n), sum(*this, n, n));
    if (named < sessions()) rows.emplace_back("other", sum(*this, named + 1, sessions()));
    // One family at a time, as the format wants: every row once per family.
    struct about {
        family f;
        std::string_view name;
        text_writer::type type;
        std::string_view help;
    };
    constexpr about families[] = {
        {family::submits, "smpp_esme_submits_total", text_writer::type::counter, "submit_sm by session: sent, then accepted, rejected, timed out or not sent after all"},
        {family::in_flight, "smpp_esme_in_flight", text_writer::type::gauge, "submit_sm sent and not answered yet"},
        {family::mo, "smpp_esme_mo_total", text_writer::type::counter, "deliver_sm/data_sm from the MC that were no receipt"},
        {family::receipts, "smpp_esme_receipts_total", text_writer::type::counter, "delivery receipts by the state they report"},
        {family::latency, "smpp_esme_submit_latency_seconds", text_writer::type::histogram, "submit_sm to its submit_sm_resp"}};
    for (const auto& a : families) {
        w.family(a.name, a.type, a.help);
        for (const auto& [label, s] : rows) write_row(w, a.f, label, s);
    }
}

}  // namespace smpp::esme

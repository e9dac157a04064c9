#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "smpp/mc/receipt.hpp"
#include "smpp/traffic/ledger.hpp"

namespace smpp::traffic {
namespace {

std::chrono::microseconds percentile(const std::vector<std::uint32_t>& sorted, double q) {
    if (sorted.empty()) return {};
    const auto at = static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1));
    return std::chrono::microseconds(sorted[at]);
}

template <class Target>
void percentiles(std::vector<std::uint32_t> values, Target& into) {
    std::sort(values.begin(), values.end());
    into.p50 = percentile(values, 0.50);
    into.p90 = percentile(values, 0.90);
    into.p99 = percentile(values, 0.99);
    into.max = percentile(values, 1.0);
}

// "1 part", "2 parts": the count and the noun it needs (log::plural lives in smpp_cli, above us).
std::string counted(std::uint64_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

double ms(std::chrono::microseconds us) { return static_cast<double>(us.count()) / 1000.0; }

template <class Map, class Key>
std::string json_counts(const Map& m, Key key) {
    std::string out = "{";
    for (const auto& [k, v] : m) out += fmt::format("{}\"{}\":{}", out.size() > 1 ? "," : "", key(k), v);
    return out + "}";
}

}  // namespace

summary ledger::summarize() const {
    const ledger* const self = this;
    return summarize(std::span(&self, 1));
}

summary ledger::summarize(std::span<const ledger* const> books) {
    summary s;
    std::vector<std::uint32_t> latencies, receipt_latencies;
    clock::time_point first_sent = clock::time_point::max(), last_answer{};
    for (const ledger* b : books) {
        b->add_to(s);
        latencies.insert(latencies.end(), b->latencies_us_.begin(), b->latencies_us_.end());
        receipt_latencies.insert(receipt_latencies.end(), b->receipt_latencies_us_.begin(),
                                 b->receipt_latencies_us_.end());
        if (b->first_sent_ != clock::time_point{}) first_sent = std::min(first_sent, b->first_sent_);
        last_answer = std::max(last_answer, b->last_answer_);
    }
    if (first_sent != clock::time_point::max() && last_answer > first_sent) {
        s.seconds = std::chrono::duration<double>(last_answer - first_sent).count();
        s.messages_per_second = static_cast<double>(s.accepted + s.rejected) / s.seconds;
    }
    percentiles(std::move(latencies), s);
    percentiles(std::move(receipt_latencies), s.receipt);
    return s;
}

void ledger::add_to(summary& s) const {
    s.messages += entries_.size() - forgotten_;
    s.parts_submitted += parts_submitted_;
    s.retries += retries_;
    s.receipts += receipts_;
    s.mo_received += mo_received_;
    s.receipt.expected += receipt_.expected;
    s.receipt.matched += receipt_.matched;
    s.receipt.intermediate += receipt_.intermediate;
    s.receipt.duplicate += receipt_.duplicate;
    s.receipt.unmatched += receipt_.unmatched + early_.size();
    s.receipt.unparsable += receipt_.unparsable;
    s.receipt.missing += receipt_.missing;
    for (const auto& [state, n] : receipt_.by_state) s.receipt.by_state[state] += n;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto& e = entries_[i];
        if (e.forgotten) continue;
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
        if (e.wants_receipt && e.result == outcome::accepted && !receipt_of(i)) ++s.receipt.missing;
    }
    for (const auto& p : parts_) {
        if (p.state != message_state{}) ++s.receipt.by_state[std::string(mc::stat_of(p.state))];
        if (p.accepted && entries_[p.message].wants_receipt) ++s.receipt.expected;
    }
}

std::string summary::to_text() const {
    std::string out = fmt::format(
        "messages {} = accepted {} + rejected {} + timed out {} + not sent {}\n"
        "submitted {} ({}, {} after throttling), receipts received {}\n"
        "throughput {:.0f} msg/s over {:.3f} s; round trip p50 {} us, p90 {} us, p99 {} us, max {} us\n",
        messages, accepted, rejected, timed_out, not_sent, submitted, counted(parts_submitted, "part", "parts"),
        counted(retries, "retry", "retries"), receipts,
        messages_per_second, seconds, p50.count(), p90.count(), p99.count(), max.count());
    for (const auto& [status, count] : rejected_by_status)
        out += fmt::format("rejected with {} (0x{:08X}): {}\n", name_of(status), static_cast<std::uint32_t>(status), count);
    const auto& r = receipt;
    std::string states;
    for (const auto& [state, count] : r.by_state) states += fmt::format(", {} {}", state, count);
    out += fmt::format(
        "receipts matched {} of {} expected{}; intermediate {}, duplicate {}, unmatched {}, unparsable {}; "
        "messages without their receipt {}\n"
        "receipt latency p50 {:.1f} ms, p90 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms; MO received {}\n",
        r.matched, r.expected, states, r.intermediate, r.duplicate, r.unmatched, r.unparsable, r.missing, ms(r.p50),
        ms(r.p90), ms(r.p99), ms(r.max), mo_received);
    return out;
}

std::string summary::to_json() const {
    const auto& r = receipt;
    return fmt::format(
        "{{\"messages\":{},\"submitted\":{},\"accepted\":{},\"rejected\":{},\"timed_out\":{},\"not_sent\":{},"
        "\"parts_submitted\":{},\"retries\":{},\"receipts\":{},\"rejected_by_status\":{},"
        "\"seconds\":{:.3f},\"messages_per_second\":{:.1f},"
        "\"round_trip_us\":{{\"p50\":{},\"p90\":{},\"p99\":{},\"max\":{}}},"
        "\"receipt\":{{\"expected\":{},\"matched\":{},\"intermediate\":{},\"duplicate\":{},\"unmatched\":{},"
        "\"unparsable\":{},\"missing\":{},\"by_state\":{},\"latency_ms\":{{\"p50\":{:.3f},\"p90\":{:.3f},"
        "\"p99\":{:.3f},\"max\":{:.3f}}}}},\"mo_received\":{}}}",
        messages, submitted, accepted, rejected, timed_out, not_sent, parts_submitted, retries, receipts,
        json_counts(rejected_by_status, [](command_status st) { return name_of(st); }), seconds, messages_per_second,
        p50.count(), p90.count(), p99.count(), max.count(), r.expected, r.matched, r.intermediate, r.duplicate,
        r.unmatched, r.unparsable, r.missing, json_counts(r.by_state, [](const std::string& k) { return k; }), ms(r.p50),
        ms(r.p90), ms(r.p99), ms(r.max), mo_received);
}

}  // namespace smpp::traffic

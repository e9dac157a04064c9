#pragma once
// What smpp-esme's GET /metrics and GET /status say about each session: counted by the traffic
// driver as submits go out and answers, receipts and MO come in. A session's record and its ring
// of send times are made at its first count, so an idle session costs one pointer (10,000 idle
// sessions held 10 MB of them when they were made up front) and counting after that allocates
// nothing; the latency of a submit is found by its sequence number in its session's ring.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "smpp/cli/metrics.hpp"
#include "smpp/codec/command_status.hpp"
#include "smpp/codec/tlv.hpp"

namespace smpp::esme {

class esme_metrics {
public:
    using clock = std::chrono::steady_clock;
    static constexpr std::size_t status_kinds = 4;  // rejections by status: 4 kinds, then "other"

    struct session {
        cli::metrics::counter sent, accepted, rejected, timed_out, not_sent, mo, receipts;
        std::array<cli::metrics::counter, cli::metrics::state_slots> receipts_by_state{};  // by message_state
        std::array<std::pair<std::uint32_t, std::uint64_t>, status_kinds> rejected_by_status{};
        std::uint64_t rejected_other = 0;  // statuses beyond the first status_kinds seen
        cli::metrics::histogram latency;
        // Never below 0: a part reported unsent after its connection's close counts twice.
        std::uint64_t in_flight() const noexcept {
            const auto settled = accepted.value + rejected.value + timed_out.value + not_sent.value;
            return sent.value > settled ? sent.value - settled : 0;
        }
    };

    // `window`: submits in flight per session at most, which sizes the rings.
    esme_metrics(unsigned sessions, std::size_t window);

    void sent(unsigned n, std::uint32_t sequence, clock::time_point now) noexcept;
    void answered(unsigned n, std::uint32_t sequence, command_status status, clock::time_point now) noexcept;
    void timed_out(unsigned n) noexcept;
    // Reported sent, but the connection ended before it was written.
    void not_sent(unsigned n) noexcept;
    // The connection is gone: what was in flight will never be answered on it.
    void closed(unsigned n) noexcept;
    void receipt(unsigned n, message_state state) noexcept;
    void mo(unsigned n) noexcept;

    // A session with nothing counted yet reads as all zeros.
    const session& of(unsigned n) const;
    unsigned sessions() const noexcept { return static_cast<unsigned>(sessions_.size()); }

    // The counts alone, without the rings of send times: what a shard of a run over several
    // threads hands the coordinator for GET /metrics and /status, copied on the shard's own
    // thread. Nothing may be counted into the copy.
    esme_metrics counts_copy() const;
    // `part`'s sessions 1.. become sessions first.. of this one (a run's sessions from its
    // shards' copies); the rest stay as they are.
    void adopt(esme_metrics&& part, unsigned first);

    // The smpp_esme_* families; sessions after the first `labelled` share session="other".
    void write(cli::metrics::text_writer& w, unsigned labelled) const;

private:
    struct sent_at {
        std::uint32_t sequence = 0;
        clock::time_point at{};
    };
    struct record {
        session counts;
        std::unique_ptr<sent_at[]> ring;  // ring_mask_ + 1 of them
    };
    record& touch(unsigned n);

    std::vector<std::unique_ptr<record>> sessions_;
    std::size_t ring_mask_;
};

}  // namespace smpp::esme

#pragma once
// PDUs and octets in and out, counted from each connection's bytes (a wire tap, see
// smpp/log/wire_tap.hpp), so that the library's connection layer needs no counters of its
// own. The tap frames the stream by its 16-octet headers: constant work per PDU, no allocation.
// Bind and submission responses are counted by command_status too (accepted or why not).
#include <array>
#include <cstdint>
#include <string_view>

#include "smpp/cli/metrics.hpp"
#include "smpp/log/logger.hpp"

namespace smpp::cli::metrics {

// A command_id's slot in the arrays below: the 27 of SMPP 3.4, then one for anything else.
inline constexpr std::size_t command_slots = 28;
std::size_t command_slot(std::uint32_t command_id) noexcept;
// "submit_sm", ..., "other" for the last slot.
std::string_view command_label(std::size_t slot) noexcept;

// command_status values get a slot each up to 0x100 (every status SMPP 3.4 names is below);
// the rest share the last.
inline constexpr std::size_t status_slots = 0x101;
std::size_t status_slot(std::uint32_t status) noexcept;

struct wire_counts {
    enum dir : std::size_t { in = 0, out = 1 };
    std::array<std::array<counter, command_slots>, 2> pdus{};
    std::array<counter, 2> octets{};
    // Responses by command_status, counted in the direction they travel: the MC's are out,
    // the ESME's in. [0] bind_*_resp, [1] submit_sm/data_sm/submit_multi _resp.
    std::array<std::array<std::array<counter, status_slots>, 2>, 2> answers{};

    // Another tap's counts added: one process's over the taps of several threads.
    wire_counts& operator+=(const wire_counts& o) noexcept {
        for (std::size_t d = 0; d < 2; ++d) {
            for (std::size_t c = 0; c < command_slots; ++c) pdus[d][c].inc(o.pdus[d][c].value);
            octets[d].inc(o.octets[d].value);
            for (std::size_t k = 0; k < 2; ++k)
                for (std::size_t st = 0; st < status_slots; ++st) answers[d][k][st].inc(o.answers[d][k][st].value);
        }
        return *this;
    }
};

// `base` with a tap on every connection that adds to `counts` (which must outlive every
// connection), beside base's own taps (--log-pdus, --pcap).
log::logger counting(const log::logger& base, wire_counts& counts);

// smpp_<prefix>_pdus_total{direction,command}, _octets_total{direction}; and, for responses
// that travel `answers` (out for the MC), `binds` and `submissions` by status.
void write_wire(text_writer& w, std::string_view prefix, const wire_counts& c, wire_counts::dir answers);

}  // namespace smpp::cli::metrics

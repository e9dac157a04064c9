#include "smpp/cli/wire_metrics.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "../wire/tee.hpp"
#include "smpp/codec/command_id.hpp"
#include "smpp/codec/command_status.hpp"

namespace smpp::cli::metrics {
namespace {

// Sorted, for a binary search: the slot of a command is its position here.
constexpr std::array<std::uint32_t, command_slots - 1> known_commands = [] {
    std::array<std::uint32_t, command_slots - 1> ids{
        0x00000001, 0x00000002, 0x00000003, 0x00000004, 0x00000005, 0x00000006, 0x00000007,
        0x00000008, 0x00000009, 0x0000000B, 0x00000015, 0x00000021, 0x00000102, 0x00000103,
        0x80000000, 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0x80000005, 0x80000006,
        0x80000007, 0x80000008, 0x80000009, 0x80000015, 0x80000021, 0x80000103};
    std::sort(ids.begin(), ids.end());
    return ids;
}();

std::uint32_t big_endian(const std::uint8_t* p) noexcept {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// Every known command_id has the high bit and ten low bits at most: those eleven bits index a
// table of slots, so a PDU costs one load rather than a search.
constexpr std::size_t compact(std::uint32_t id) noexcept { return (id >> 31) << 10 | (id & 0x3FF); }
constexpr bool compactable(std::uint32_t id) noexcept { return (id & 0x7FFFFC00) == 0; }

constexpr auto slot_table = [] {
    std::array<std::uint8_t, 2048> t{};
    t.fill(static_cast<std::uint8_t>(command_slots - 1));
    for (std::size_t i = 0; i < known_commands.size(); ++i) t[compact(known_commands[i])] = static_cast<std::uint8_t>(i);
    return t;
}();

// Which answers[] row a slot's responses count in by status: 0 bind_*_resp, 1 the submissions'
// responses, 2 none. A table, so that a PDU's header costs loads rather than comparisons.
constexpr std::uint8_t no_answer_row = 2;
constexpr auto answer_row = [] {
    std::array<std::uint8_t, command_slots> rows{};
    rows.fill(no_answer_row);
    for (std::size_t i = 0; i < known_commands.size(); ++i) {
        const auto id = known_commands[i];
        if (id == 0x80000001 || id == 0x80000002 || id == 0x80000009) rows[i] = 0;
        if (id == 0x80000004 || id == 0x80000103 || id == 0x80000021) rows[i] = 1;
    }
    return rows;
}();

std::size_t slot_of(std::uint32_t id) noexcept {
    if (!compactable(id)) return command_slots - 1;
    const std::size_t slot = slot_table[compact(id)];
    // Ids that share the eleven bits with a known one but are not it.
    return slot + 1 < command_slots && known_commands[slot] == id ? slot : command_slots - 1;
}

// Follows one direction of a connection from header to header. A read or write usually holds
// whole PDUs, and then each costs one header's loads; a header split over calls is gathered, and
// the rest of a PDU that continues in a later call is skipped there.
class counting_tap final : public log::wire_tap {
public:
    explicit counting_tap(wire_counts& c) : counts_(c) {}

    void bytes(log::direction d, std::span<const std::uint8_t> data, const log::context&) override {
        const auto dir = d == log::direction::in ? wire_counts::in : wire_counts::out;
        counts_.octets[dir].inc(data.size());
        auto& s = streams_[dir];
        const std::uint8_t* p = data.data();
        const std::uint8_t* const end = p + data.size();
        while (p != end && !s.broken) {
            const auto left = static_cast<std::size_t>(end - p);
            if (s.skip != 0) {
                const auto n = std::min<std::size_t>(s.skip, left);
                s.skip -= static_cast<std::uint32_t>(n);
                p += n;
            } else if (s.have == 0 && left >= header_octets) {
                p = whole_pdus(dir, s, p, end);
            } else {
                const auto n = std::min(header_octets - s.have, left);
                std::copy_n(p, n, s.header.begin() + static_cast<std::ptrdiff_t>(s.have));
                s.have += n;
                p += n;
                if (s.have == header_octets) {
                    s.have = 0;
                    const auto length = big_endian(s.header.data());
                    if (length < header_octets) {
                        s.broken = true;
                        return;
                    }
                    count(dir, s.header.data());
                    s.skip = length - std::uint32_t{header_octets};
                }
            }
        }
    }

private:
    static constexpr std::size_t header_octets = 16;
    struct stream {
        std::array<std::uint8_t, header_octets> header{};
        std::size_t have = 0;
        std::uint32_t skip = 0;
        bool broken = false;  // a length below the header: the session closes, nothing to frame
    };

    // The common case, a call that holds whole PDUs: from header to header with the position in
    // a local, so that the counters' stores cannot make the compiler reload the stream's state.
    // Returns where it stopped: at `end`, or at a header that the call holds only part of.
    const std::uint8_t* whole_pdus(wire_counts::dir dir, stream& s, const std::uint8_t* p, const std::uint8_t* end) {
        while (end - p >= static_cast<std::ptrdiff_t>(header_octets)) {
            const auto length = big_endian(p);
            if (length < header_octets) {
                s.broken = true;
                return end;
            }
            count(dir, p);
            const auto left = static_cast<std::size_t>(end - p);
            if (length >= left) {
                s.skip = static_cast<std::uint32_t>(length - left);
                return end;
            }
            p += length;
        }
        return p;
    }

    void count(wire_counts::dir dir, const std::uint8_t* header) noexcept {
        const auto slot = slot_of(big_endian(header + 4));
        counts_.pdus[dir][slot].inc();
        if (const auto row = answer_row[slot]; row != no_answer_row)
            counts_.answers[dir][row][status_slot(big_endian(header + 8))].inc();
    }

    wire_counts& counts_;
    std::array<stream, 2> streams_;
};

std::string status_label(std::size_t slot) {
    if (slot + 1 == status_slots) return "other";
    const auto name = name_of(static_cast<command_status>(slot));
    return name == "ESME_UNKNOWN" ? fmt::format("0x{:08x}", slot) : std::string(name);
}

void write_answers(text_writer& w, std::string_view name, const std::array<counter, status_slots>& by_status) {
    for (std::size_t i = 0; i < status_slots; ++i)
        if (by_status[i].value != 0 || i == 0) w.sample(name, {{"status", status_label(i)}}, by_status[i].value);
}

}  // namespace

std::size_t command_slot(std::uint32_t command_id) noexcept { return slot_of(command_id); }

std::string_view command_label(std::size_t slot) noexcept {
    if (slot >= known_commands.size()) return "other";
    return name_of(static_cast<command_id>(known_commands[slot]));
}

std::size_t status_slot(std::uint32_t status) noexcept { return std::min<std::size_t>(status, status_slots - 1); }

log::logger counting(const log::logger& base, wire_counts& counts) {
    return base.with_wire([others = base.wire(), &counts](const log::wire_connection& c) -> std::unique_ptr<log::wire_tap> {
        auto mine = std::make_unique<counting_tap>(counts);
        auto theirs = others ? others(c) : nullptr;
        if (!theirs) return mine;
        std::vector<std::unique_ptr<log::wire_tap>> both;
        both.push_back(std::move(theirs));
        both.push_back(std::move(mine));
        return std::make_unique<tee>(std::move(both));
    });
}

void write_wire(text_writer& w, std::string_view prefix, const wire_counts& c, wire_counts::dir answers) {
    const std::string pdus = fmt::format("smpp_{}_pdus_total", prefix);
    w.family(pdus, text_writer::type::counter, "PDUs read (in) and written (out), by command");
    for (std::size_t d = 0; d < 2; ++d)
        for (std::size_t i = 0; i < command_slots; ++i)
            if (c.pdus[d][i].value != 0)
                w.sample(pdus, {{"direction", d == 0 ? "in" : "out"}, {"command", command_label(i)}}, c.pdus[d][i].value);
    const std::string octets = fmt::format("smpp_{}_octets_total", prefix);
    w.family(octets, text_writer::type::counter, "SMPP octets read (in) and written (out), after TLS");
    w.sample(octets, {{"direction", "in"}}, c.octets[0].value);
    w.sample(octets, {{"direction", "out"}}, c.octets[1].value);
    const std::string binds = fmt::format("smpp_{}_bind_responses_total", prefix);
    w.family(binds, text_writer::type::counter, "bind responses by command_status: ESME_ROK accepted, any other refused (why)");
    write_answers(w, binds, c.answers[answers][0]);
    const std::string submissions = fmt::format("smpp_{}_submission_responses_total", prefix);
    w.family(submissions, text_writer::type::counter, "submit_sm, data_sm and submit_multi responses by command_status");
    write_answers(w, submissions, c.answers[answers][1]);
}

}  // namespace smpp::cli::metrics

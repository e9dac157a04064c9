// The Prometheus text format (cli/src/metrics) and the PDU counts taken from the wire taps.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "smpp/cli/metrics.hpp"
#include "smpp/cli/wire_metrics.hpp"
#include "smpp/codec/command_id.hpp"

namespace {

using namespace smpp::cli::metrics;

TEST(metrics_text, families_samples_and_escaped_labels) {
    std::string out;
    text_writer w(out);
    w.family("smpp_x_total", text_writer::type::counter, "a help\nline with \\");
    w.sample("smpp_x_total", {{"system_id", "a\"b\\c\nd"}, {"mode", "rx"}}, std::uint64_t{3});
    w.sample("smpp_x_total", {}, 0.5);
    EXPECT_EQ(out,
              "# HELP smpp_x_total a help\\nline with \\\\\n"
              "# TYPE smpp_x_total counter\n"
              "smpp_x_total{system_id=\"a\\\"b\\\\c\\nd\",mode=\"rx\"} 3\n"
              "smpp_x_total 0.5\n");
}

TEST(metrics_text, histogram_buckets_are_cumulative_with_inf_sum_and_count) {
    const double bounds[] = {0.01, 0.1, 1};
    histogram h(bounds);
    h.observe(0.005);
    h.observe(0.01);  // on the bound: le is "less or equal"
    h.observe(0.5);
    h.observe(7);
    std::string out;
    text_writer w(out);
    w.sample("lat", {{"session", "1"}}, h);
    EXPECT_EQ(out.substr(0, out.find("lat_sum")),
              "lat_bucket{session=\"1\",le=\"0.01\"} 2\n"
              "lat_bucket{session=\"1\",le=\"0.1\"} 2\n"
              "lat_bucket{session=\"1\",le=\"1\"} 3\n"
              "lat_bucket{session=\"1\",le=\"+Inf\"} 4\n");
    EXPECT_NE(out.find("lat_count{session=\"1\"} 4\n"), std::string::npos) << out;
    EXPECT_DOUBLE_EQ(h.sum(), 7.515);
}

TEST(metrics_text, histogram_merge_adds_up) {
    histogram a, b;
    a.observe(0.003);
    b.observe(0.003);
    b.observe(3);
    a.merge(b);
    EXPECT_EQ(a.count(), 3u);
    EXPECT_DOUBLE_EQ(a.sum(), 3.006);
}

std::vector<std::uint8_t> header(std::uint32_t length, std::uint32_t id, std::uint32_t status, std::uint32_t seq) {
    std::vector<std::uint8_t> out;
    for (const auto v : {length, id, status, seq})
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
    out.resize(length, 0);
    return out;
}

TEST(wire_counts, every_known_command_has_its_own_slot_and_near_misses_are_other) {
    std::set<std::size_t> slots;
    for (const std::uint32_t id : {0x00000001u, 0x00000002u, 0x00000003u, 0x00000004u, 0x00000005u, 0x00000006u,
                                   0x00000007u, 0x00000008u, 0x00000009u, 0x0000000Bu, 0x00000015u, 0x00000021u,
                                   0x00000102u, 0x00000103u, 0x80000000u, 0x80000001u, 0x80000002u, 0x80000003u,
                                   0x80000004u, 0x80000005u, 0x80000006u, 0x80000007u, 0x80000008u, 0x80000009u,
                                   0x80000015u, 0x80000021u, 0x80000103u}) {
        const auto slot = command_slot(id);
        EXPECT_LT(slot, command_slots - 1) << std::hex << id;
        EXPECT_EQ(command_label(slot), name_of(static_cast<smpp::command_id>(id))) << std::hex << id;
        slots.insert(slot);
    }
    EXPECT_EQ(slots.size(), command_slots - 1);
    // Ids that share the low bits or the high bit with a known one, and ones beyond the table.
    for (const std::uint32_t id : {0x00000000u, 0x0000000Au, 0x00000104u, 0x00000401u, 0x00010004u, 0x40000004u,
                                   0x80000104u, 0x80000404u, 0xFFFFFFFFu})
        EXPECT_EQ(command_slot(id), command_slots - 1) << std::hex << id;
}

TEST(wire_counts, frames_pdus_split_anyhow_and_counts_answers_by_status) {
    wire_counts counts;
    const auto logger = counting(smpp::log::logger{}, counts);
    auto tap = logger.wire()(smpp::log::wire_connection{});
    ASSERT_TRUE(tap);
    std::vector<std::uint8_t> stream;
    for (const auto& pdu : {header(16, 0x80000009, 0, 1),           // bind_transceiver_resp ESME_ROK
                            header(16, 0x80000009, 0x0E, 2),        // ESME_RINVPASWD
                            header(40, 0x80000004, 0, 3),           // submit_sm_resp with a body
                            header(17, 0x80000004, 0x58, 4),        // ESME_RTHROTTLED
                            header(16, 0x00000015, 0, 5)})          // enquire_link
        stream.insert(stream.end(), pdu.begin(), pdu.end());
    // One octet at a time: headers arrive split, as TCP may deliver them.
    for (std::size_t i = 0; i < stream.size(); ++i) tap->bytes(smpp::log::direction::out, {&stream[i], 1}, {});
    tap->bytes(smpp::log::direction::in, stream, {});

    EXPECT_EQ(counts.octets[wire_counts::out].value, stream.size());
    EXPECT_EQ(counts.pdus[wire_counts::out][command_slot(0x80000009)].value, 2u);
    EXPECT_EQ(counts.pdus[wire_counts::out][command_slot(0x80000004)].value, 2u);
    EXPECT_EQ(counts.pdus[wire_counts::in][command_slot(0x00000015)].value, 1u);
    EXPECT_EQ(counts.answers[wire_counts::out][0][0].value, 1u);
    EXPECT_EQ(counts.answers[wire_counts::out][0][0x0E].value, 1u);
    EXPECT_EQ(counts.answers[wire_counts::out][1][0x58].value, 1u);
    EXPECT_EQ(command_label(command_slot(0x80000004)), "submit_sm_resp");
    EXPECT_EQ(command_label(command_slot(0x12345678)), "other");

    std::string out;
    text_writer w(out);
    write_wire(w, "mc", counts, wire_counts::out);
    EXPECT_NE(out.find("smpp_mc_bind_responses_total{status=\"ESME_RINVPASWD\"} 1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("smpp_mc_submission_responses_total{status=\"ESME_RTHROTTLED\"} 1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("smpp_mc_pdus_total{direction=\"in\",command=\"enquire_link\"} 1\n"), std::string::npos) << out;
}

// Reads of any size: whole PDUs, a header whole and its body continued in the next read, a
// header split across reads.
TEST(wire_counts, counts_every_pdu_whatever_the_size_of_the_reads) {
    std::vector<std::uint8_t> stream;
    for (const auto& pdu : {header(40, 0x80000004, 0, 1), header(16, 0x80000009, 0x0E, 2), header(300, 0x00000004, 0, 3),
                            header(17, 0x80000004, 0x58, 4), header(16, 0x00000015, 0, 5)})
        stream.insert(stream.end(), pdu.begin(), pdu.end());
    for (std::size_t size = 1; size <= stream.size(); ++size) {
        wire_counts counts;
        auto tap = counting(smpp::log::logger{}, counts).wire()(smpp::log::wire_connection{});
        for (std::size_t at = 0; at < stream.size(); at += size)
            tap->bytes(smpp::log::direction::in, std::span(stream).subspan(at, std::min(size, stream.size() - at)), {});
        EXPECT_EQ(counts.pdus[wire_counts::in][command_slot(0x80000004)].value, 2u) << size;
        EXPECT_EQ(counts.pdus[wire_counts::in][command_slot(0x80000009)].value, 1u) << size;
        EXPECT_EQ(counts.pdus[wire_counts::in][command_slot(0x00000004)].value, 1u) << size;
        EXPECT_EQ(counts.pdus[wire_counts::in][command_slot(0x00000015)].value, 1u) << size;
        EXPECT_EQ(counts.answers[wire_counts::in][1][0].value, 1u) << size;
        EXPECT_EQ(counts.answers[wire_counts::in][1][0x58].value, 1u) << size;
        EXPECT_EQ(counts.answers[wire_counts::in][0][0x0E].value, 1u) << size;
    }
}

TEST(wire_counts, a_length_below_the_header_stops_the_framing_not_the_octets) {
    wire_counts counts;
    auto tap = counting(smpp::log::logger{}, counts).wire()(smpp::log::wire_connection{});
    auto bad = header(16, 0x00000015, 0, 1);
    bad[3] = 4;  // command_length 4
    tap->bytes(smpp::log::direction::in, bad, {});
    tap->bytes(smpp::log::direction::in, header(16, 0x00000015, 0, 2), {});
    EXPECT_EQ(counts.pdus[wire_counts::in][command_slot(0x00000015)].value, 0u);
    EXPECT_EQ(counts.octets[wire_counts::in].value, 32u);
}

}  // namespace

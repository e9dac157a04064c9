// The PDUs a long text becomes: UDH parts or one message_payload, and a rejected part.
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

using namespace traffic_support;

std::string long_gsm_text(char first) {
    std::string text;
    for (int i = 0; i < 400; ++i) text += static_cast<char>('A' + (first - 'A' + i) % 26);
    return text;
}

TEST(Traffic, LongTextInUdhModeGoesAsThreeConcatenatedParts) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    const std::string texts[] = {long_gsm_text('A'), long_gsm_text('K')};
    std::vector<outgoing_message> messages;
    for (const auto& t : texts) messages.push_back({.from = "12345", .to = "447900100000", .text = t});
    auto options = run.options(listener.port(), 1, messages);
    options.long_text = traffic::long_mode::udh;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, accept_all);
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    ASSERT_EQ(result.submits.size(), 6u);
    // Reference -> part number -> the part's text after its UDH, and the message_id it got.
    std::map<std::uint8_t, std::map<std::uint8_t, std::string>> parts;
    std::map<std::uint8_t, std::string> first_part_id;
    for (std::size_t i = 0; i < result.submits.size(); ++i) {
        const auto& body = std::get<sm_body>(result.submits[i].body);
        SCOPED_TRACE("submit_sm " + std::to_string(i));
        EXPECT_EQ(body.esm_class & 0x40, 0x40);
        EXPECT_EQ(body.data_coding, 0x00);
        ASSERT_GT(body.short_message.size(), 6u);
        const auto udh = reinterpret_cast<const std::uint8_t*>(body.short_message.data());
        EXPECT_EQ(udh[0], 0x05);  // UDH length
        EXPECT_EQ(udh[1], 0x00);  // concatenated SMS, 8-bit reference
        EXPECT_EQ(udh[2], 0x03);
        EXPECT_EQ(udh[4], 0x03);  // three parts
        EXPECT_GE(udh[5], 1);
        EXPECT_LE(udh[5], 3);
        EXPECT_TRUE(parts[udh[3]].emplace(udh[5], body.short_message.substr(6)).second) << "part sent twice";
        if (udh[5] == 1) first_part_id[udh[3]] = result.ids[i];
        EXPECT_TRUE(body.tlvs.empty());
    }
    ASSERT_EQ(parts.size(), 2u) << "each message needs its own reference, shared by its parts";
    std::set<std::string> rebuilt;
    for (const auto& [ref, by_number] : parts) {
        ASSERT_EQ(by_number.size(), 3u) << "ref " << int(ref);
        EXPECT_EQ(by_number.at(1).size(), 153u);
        EXPECT_EQ(by_number.at(2).size(), 153u);
        EXPECT_EQ(by_number.at(3).size(), 94u);
        rebuilt.insert(by_number.at(1) + by_number.at(2) + by_number.at(3));
    }
    EXPECT_EQ(rebuilt, (std::set<std::string>{texts[0], texts[1]}));

    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->accepted, 2u) << run.summary->to_text();
    EXPECT_EQ(run.summary->parts_submitted, 6u);
    expect_invariant(*run.summary);
    // A message's id is its first part's.
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 2u);
    std::set<std::string> report_ids{report[0].message_id, report[1].message_id};
    std::set<std::string> first_ids;
    for (const auto& [_, id] : first_part_id) first_ids.insert(id);
    EXPECT_EQ(report_ids, first_ids);
}

TEST(Traffic, LongTextInPayloadModeGoesAsOneSubmitWithMessagePayload) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    const auto text = long_gsm_text('A');
    auto options = run.options(listener.port(), 1, {{.from = "12345", .to = "447900100000", .text = text}});
    options.long_text = traffic::long_mode::payload;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, accept_all);
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    ASSERT_EQ(result.submits.size(), 1u);
    const auto& body = std::get<sm_body>(result.submits[0].body);
    EXPECT_TRUE(body.short_message.empty());
    EXPECT_EQ(body.esm_class & 0x40, 0);
    ASSERT_EQ(body.tlvs.size(), 1u);
    EXPECT_EQ(body.tlvs[0].tag, 0x0424);
    EXPECT_EQ(body.tlvs[0].value, text);

    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->accepted, 1u);
    EXPECT_EQ(run.summary->parts_submitted, 1u);
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(report[0].message_id, result.ids[0]);
}

TEST(Traffic, RejectedPartStopsTheRestOfItsMessage) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, {{.from = "12345", .to = "447900100000", .text = long_gsm_text('A')}});
    options.window = 1;  // one part at a time, so the rejection arrives before part 2 goes
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, [](const sm_body&) { return command_status::invalid_dest_addr; });
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(result.submits.size(), 1u) << "parts of a rejected message were still sent";

    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->rejected, 1u);
    EXPECT_EQ(run.summary->rejected_by_status.at(command_status::invalid_dest_addr), 1u);
    EXPECT_EQ(run.summary->parts_submitted, 1u);
}


}  // namespace
}  // namespace smpp::test

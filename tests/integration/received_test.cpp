// smpp-esme --received against a test-side MC (smpp::net::server) that delivers MO messages,
// a receipt, long messages in UDH and SAR parts (out of order, a surrogate pair cut between
// parts) and one that never completes: each comes out as one JSON line, reassembled and decoded.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "poll.hpp"
#include "harness.hpp"
#include "smpp/net/server.hpp"

namespace smpp::test {
namespace {

using json = nlohmann::json;

sm_body mo(std::string text, std::uint8_t esm_class = 0, std::uint8_t data_coding = 0) {
    return sm_body{.source_addr_ton = 1, .source_addr_npi = 1, .source_addr = "4477",
                   .dest_addr_ton = 0, .dest_addr_npi = 0, .destination_addr = "12345",
                   .esm_class = esm_class, .data_coding = data_coding, .short_message = std::move(text)};
}

std::vector<std::pair<command_id, pdu_body>> deliveries() {
    std::vector<std::pair<command_id, pdu_body>> out;
    const auto deliver = [&](sm_body b) { out.emplace_back(command_id::deliver_sm, std::move(b)); };
    deliver(mo("Hi \x1B\x65"));  // GSM: "Hi €"
    auto receipt = mo("id:abc sub:001 dlvrd:001 submit date:2601010000 done date:2601010000 stat:DELIVRD err:000 text:x", 0x04);
    set_cstring(receipt.tlvs, tag::receipted_message_id, "abc");
    set_message_state(receipt.tlvs, message_state::delivered);
    deliver(receipt);
    // UCS-2 "a😀b" in three UDH parts, 8-bit reference 0x2A, the surrogate pair cut in two.
    const std::string udh = std::string("\x05\x00\x03\x2A\x03", 5);
    deliver(mo(udh + '\x03' + std::string("\x00\x62", 2), 0x40, 8));
    deliver(mo(udh + '\x01' + std::string("\x00\x61\xD8\x3D", 4), 0x40, 8));
    deliver(mo(udh + '\x02' + std::string("\xDE\x00", 2), 0x40, 8));
    // Latin-1 in two SAR parts over data_sm (message_payload).
    for (std::uint8_t seq : {1, 2}) {
        data_sm_body d{.source_addr = "4477", .destination_addr = "12345", .data_coding = 3};
        set_octets(d.tlvs, tag::message_payload, seq == 1 ? "caf" : "\xE9!");
        set_u16(d.tlvs, tag::sar_msg_ref_num, 0x0102);
        set_u8(d.tlvs, tag::sar_total_segments, 2);
        set_u8(d.tlvs, tag::sar_segment_seqnum, seq);
        out.emplace_back(command_id::data_sm, std::move(d));
    }
    deliver(mo(std::string("\x06\x08\x04\x12\x34\x02\x01", 7) + "half", 0x40));  // 16-bit ref, never completed
    deliver(mo(std::string("\xFF\x00", 2), 0, 4));                                // binary
    return out;
}

struct delivering_mc : net::server_handler {
    std::atomic<int> answered{0};
    void on_bound(net::server_session& s) override {
        for (auto& [id, body] : deliveries()) EXPECT_TRUE(s.send_request(id, std::move(body)).ok());
    }
    void on_event(net::server_session&, const event& e) override {
        if (e.kind == event_kind::response_received) ++answered;
    }
};

std::vector<json> read_lines(const std::string& path) {
    std::vector<json> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
}

TEST(Received, EveryIncomingMessageOnceReassembledAndDecoded) {
    const auto path = (std::filesystem::temp_directory_path() / ("received-" + std::to_string(::getpid()) + ".jsonl")).string();
    boost::asio::io_context io;
    delivering_mc h;
    net::server s(io.get_executor(), {.port = 0}, net::accept_any_bind(), h);
    ASSERT_FALSE(s.listen());
    s.async_run([](boost::system::error_code) {});
    std::thread mc([&io] { io.run_for(std::chrono::seconds(20)); });

    auto o = esme_for(s.local_port(), 1);
    o.received_path = path;
    o.handle_signals = false;
    {
        running_esme esme(o);
        poll_until(10s, [&] { return h.answered >= 9; }, 10ms);
        EXPECT_EQ(h.answered, 9);
        esme.stop();
        EXPECT_TRUE(esme.wait());
    }
    io.stop();
    mc.join();

    const auto lines = read_lines(path);
    std::filesystem::remove(path);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0]["text"], "Hi €");
    EXPECT_EQ(lines[0]["from"], (json{{"addr", "4477"}, {"ton", 1}, {"npi", 1}}));
    EXPECT_EQ(lines[0]["system_id"], "sid1");
    EXPECT_EQ(lines[0]["session"], 1);
    EXPECT_FALSE(lines[0].contains("receipt"));
    EXPECT_EQ(lines[1]["receipt"]["message_id"], "abc");
    EXPECT_EQ(lines[1]["receipt"]["stat"], "DELIVRD");
    EXPECT_EQ(lines[1]["tlvs"]["message_state"], 2);
    EXPECT_EQ(lines[2]["text"], "a😀b");
    EXPECT_EQ(lines[2]["parts"], 3);
    EXPECT_EQ(lines[2]["complete"], true);
    EXPECT_EQ(lines[3]["command"], "data_sm");
    EXPECT_EQ(lines[3]["text"], "café!");
    EXPECT_EQ(lines[3]["parts"], 2);
    EXPECT_EQ(lines[4]["hex"], "ff00");
    EXPECT_EQ(lines[5]["text"], "half");  // written at the end of the run
    EXPECT_EQ(lines[5]["complete"], false);
    EXPECT_EQ(lines[5]["missing"], json::array({2}));
}

}  // namespace
}  // namespace smpp::test

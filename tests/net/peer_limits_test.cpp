// What a peer can make a connection spend (issue #12, "Holes found by independent tests").
// Memory: before bind no more than a bind can be; once bound as much as the PDU being read,
// and back to small when the traffic stops, measured through the read space the connection
// offers its stream. Log lines: a few per flood, not one per PDU. Order: pipelined requests
// are answered in the order read.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "rig.hpp"

namespace smpp::test {
namespace {

constexpr std::size_t small_buffer = 4096;

// A frame header that promises `length` octets, and `filler` octets of it.
byte_buffer promise(std::uint32_t length, std::size_t filler) {
    byte_buffer out = wire({bind_request(1)});
    out.resize(header_size);
    for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(length >> (24 - 8 * i));
    out.resize(header_size + filler, 'x');
    return out;
}

// Submits enough to fill the first read of a connection.
byte_buffer submits_filling(std::size_t bytes, std::uint32_t first_sequence) {
    byte_buffer out;
    for (std::uint32_t seq = first_sequence; out.size() < bytes; ++seq) {
        const auto one = wire({submit(seq)});
        out.insert(out.end(), one.begin(), one.end());
    }
    return out;
}

void bind(rig& r) {
    r.act_as_mc();
    r.start();
    r.peer->peer_sends(wire({bind_request(1)}));
    r.settle();
    ASSERT_TRUE(r.saw(event_kind::bound));
}

TEST(NetReadBuffer, AStrangerFillingTheFirstReadGetsNoBiggerBuffer) {
    // 100 such strangers took 1.6 GB with --max-pdu-size 16777216 before the fix.
    rig r(role::mc, {.max_pdu_size = 16 * 1024 * 1024});
    r.act_as_mc();
    r.start();
    r.peer->peer_sends(promise(64 * 1024, small_buffer - header_size));
    r.settle();
    EXPECT_LE(r.peer->largest_read_offered(), small_buffer);
    EXPECT_EQ(decode_all(r.peer->written()),
              (std::vector{make_header_only(command_id::generic_nack, 1, command_status::invalid_cmd_length)}));
    EXPECT_EQ(r.result, close_reason::protocol_error);
}

TEST(NetReadBuffer, BoundTrafficGrowsTheBufferToItsBusySizeNotToMaxPduSize) {
    rig r(role::mc, {.max_pdu_size = 16 * 1024 * 1024, .window = 10000});
    bind(r);
    r.peer->peer_sends(submits_filling(small_buffer * 4, 2));
    r.settle();
    EXPECT_GT(r.peer->largest_read_offered(), small_buffer) << "many PDUs per read once busy";
    EXPECT_LE(r.peer->largest_read_offered(), std::size_t{64 * 1024});
}

TEST(NetReadBuffer, ALargePduGetsRoomForItselfOnly) {
    rig r(role::mc, {.max_pdu_size = 16 * 1024 * 1024});
    bind(r);
    const std::uint32_t size = 200 * 1024;
    r.peer->peer_sends(promise(size, small_buffer - header_size));
    r.settle();
    EXPECT_GE(r.peer->largest_read_offered() + small_buffer, std::size_t{size}) << "room for the whole frame";
    EXPECT_LE(r.peer->largest_read_offered(), std::size_t{size});
}

TEST(NetReadBuffer, TheBufferShrinksBackWhenTrafficStops) {
    rig r(role::mc, {.window = 10000});
    bind(r);
    r.peer->peer_sends(submits_filling(small_buffer * 4, 2));
    r.settle();
    ASSERT_GT(r.peer->largest_read_offered(), small_buffer);
    r.peer->peer_sends(wire({make_header_only(command_id::enquire_link, 9000)}));
    r.settle();
    EXPECT_EQ(r.peer->last_read_offered(), small_buffer) << "an idle session holds its small buffer only";
    EXPECT_FALSE(r.result.has_value());
}

// Pipelined: a wrong-password bind, a bind and a submit in one write are answered in that order.
TEST(NetPipelining, AnswersLeaveInTheOrderTheRequestsCame) {
    rig r(role::mc);
    r.on_event = [](net::connection& c, const event& e) {
        if (e.kind == event_kind::bind_requested) {
            if (e.sequence == 1)
                c.core().reject_bind(command_status::invalid_password, "SMSC");
            else
                c.core().accept_bind("SMSC", clock::now());
        }
        if (e.kind == event_kind::request_received)
            c.core().respond(e.message, command_status::ok, sm_resp_body{"m" + std::to_string(e.sequence)});
    };
    r.start();
    r.peer->peer_sends(wire({bind_request(1), bind_request(2), submit(3)}));
    r.settle();
    std::vector<std::uint32_t> order;
    for (const auto& p : decode_all(r.peer->written())) order.push_back(p.sequence);
    EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 2, 3}));
    EXPECT_TRUE(r.saw(event_kind::bound));
}

// A bound peer sending responses that answer nothing: each is a warning it causes at will.
TEST(NetWarnings, AFloodOfWarningsFromOnePeerIsSummarised) {
    std::map<std::string, int> lines;
    std::string summary;
    log::logger logger(log::level::info, [&](const log::record& r) {
        ++lines[std::string(r.event)];
        if (r.event == "warnings_suppressed") summary = std::string(r.message);
    });
    rig r(role::mc, {}, logger);
    bind(r);
    byte_buffer flood;
    for (std::uint32_t seq = 100; seq < 1100; ++seq) {
        const auto one = wire({make_header_only(command_id::enquire_link_resp, seq)});
        flood.insert(flood.end(), one.begin(), one.end());
    }
    r.peer->peer_sends(flood);
    r.settle();
    EXPECT_LE(lines["unexpected_response"], 10);
    r.conn->force_close();
    r.settle();
    EXPECT_EQ(lines["warnings_suppressed"], 1) << "what was left out is said once, at the close";
    EXPECT_NE(summary.find(std::to_string(1000 - lines["unexpected_response"])), std::string::npos) << summary;
}

}  // namespace
}  // namespace smpp::test

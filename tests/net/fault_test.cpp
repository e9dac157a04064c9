// The connection when the stream fails under it: a reset or EOF at every byte offset of a bind
// and of its answer, and a peer that stops reading. Each run must end (no hang: settle() never
// waits), close the stream, and report the close_reason the session's vocabulary gives it.
#include <gtest/gtest.h>

#include <boost/asio/error.hpp>

#include "rig.hpp"

namespace smpp::test {
namespace {

const error_code reset = asio::error::connection_reset;
const error_code eof = asio::error::eof;

// Both the whole input in one read and one byte per read: a fault then lands inside a read or
// between two.
constexpr std::size_t read_sizes[] = {fake_stream::unlimited, 1};

// MC: the ESME's bind stops at `offset` with `ec`. Returns what the MC wrote.
byte_buffer mc_meets_input_fault(std::size_t offset, error_code ec, std::size_t read_size) {
    rig r(role::mc);
    r.act_as_mc();
    r.peer->set_read_size(read_size);
    r.peer->peer_sends(wire({bind_request(1)}));
    r.peer->fail_input_at(offset, ec);
    r.start();
    r.settle();
    EXPECT_EQ(r.result, close_reason::peer_closed);
    EXPECT_TRUE(r.peer->closed());
    EXPECT_FALSE(r.peer->read_pending() || r.peer->write_pending());
    return r.peer->written();
}

TEST(NetFault, ResetAtEveryByteOfAnIncomingBind) {
    const std::size_t size = wire({bind_request(1)}).size();
    for (std::size_t read_size : read_sizes)
        for (std::size_t offset = 0; offset < size; ++offset) {
            SCOPED_TRACE(testing::Message() << "reset after " << offset << " bytes, reads of " << read_size);
            EXPECT_TRUE(mc_meets_input_fault(offset, reset, read_size).empty()) << "an incomplete bind got an answer";
        }
}

TEST(NetFault, ResetRightAfterACompleteBindStillGetsItsAnswerOut) {
    const std::size_t size = wire({bind_request(1)}).size();
    EXPECT_EQ(mc_meets_input_fault(size, reset, fake_stream::unlimited), wire({bind_resp(1)}));
}

TEST(NetFault, EofAtEveryByteOfAnIncomingBind) {
    const std::size_t size = wire({bind_request(1)}).size();
    for (std::size_t read_size : read_sizes)
        for (std::size_t offset = 0; offset < size; ++offset) {
            SCOPED_TRACE(testing::Message() << "EOF after " << offset << " bytes, reads of " << read_size);
            EXPECT_TRUE(mc_meets_input_fault(offset, eof, read_size).empty());
        }
}

TEST(NetFault, EofMidPduAfterBinding) {
    rig r(role::mc);
    r.act_as_mc();
    const auto request = wire({submit(2)});
    r.peer->peer_sends(wire({bind_request(1)}));
    r.peer->peer_sends(std::span(request).first(request.size() / 2));
    r.peer->fail_input_at(wire({bind_request(1)}).size() + request.size() / 2, eof);
    r.start();
    r.settle();
    EXPECT_EQ(r.result, close_reason::peer_closed);
    EXPECT_TRUE(r.saw(event_kind::bound));
    EXPECT_FALSE(r.saw(event_kind::request_received)) << "half a submit was taken for one";
    EXPECT_EQ(r.peer->written(), wire({bind_resp(1)}));
    EXPECT_TRUE(r.peer->closed());
}

// MC: the stream resets after `offset` bytes of the bind_resp; writes take `write_size` each.
void mc_meets_output_reset(std::size_t offset, std::size_t write_size) {
    rig r(role::mc);
    r.act_as_mc();
    r.peer->set_write_size(write_size);
    r.peer->peer_sends(wire({bind_request(1)}));
    r.peer->fail_output_at(offset, reset);
    r.start();
    r.settle();
    EXPECT_EQ(r.result, close_reason::peer_closed);
    EXPECT_TRUE(r.saw(event_kind::bound));
    const auto answer = wire({bind_resp(1)});
    EXPECT_EQ(r.peer->written(), byte_buffer(answer.begin(), answer.begin() + static_cast<std::ptrdiff_t>(offset)));
    EXPECT_TRUE(r.peer->closed());
    EXPECT_FALSE(r.peer->read_pending() || r.peer->write_pending());
}

TEST(NetFault, ResetAtEveryByteOfAnOutgoingBindResp) {
    const std::size_t size = wire({bind_resp(1)}).size();
    for (std::size_t write_size : {fake_stream::unlimited, std::size_t{1}, std::size_t{3}})
        for (std::size_t offset = 0; offset < size; ++offset) {
            SCOPED_TRACE(testing::Message() << "reset after " << offset << " bytes, writes of " << write_size);
            mc_meets_output_reset(offset, write_size);
        }
}

// ESME: the MC's bind_resp is cut by a reset at every offset; the bind never completes.
TEST(NetFault, EsmeResetAtEveryByteOfAnIncomingBindResp) {
    const auto answer = wire({bind_resp(1)});
    for (std::size_t offset = 0; offset < answer.size(); ++offset) {
        SCOPED_TRACE(testing::Message() << "reset after " << offset << " bytes");
        rig r(role::esme);
        ASSERT_TRUE(r.conn->core().bind(bind_type::transceiver, credentials(), clock::now()).ok());
        r.peer->set_read_size(1);
        r.peer->peer_sends(answer);
        r.peer->fail_input_at(offset, reset);
        r.start();
        r.settle();
        EXPECT_EQ(r.result, close_reason::peer_closed);
        EXPECT_FALSE(r.saw(event_kind::bound));
        EXPECT_EQ(r.peer->written(), wire({bind_request(1)}));
    }
}

// A reset while our write is stalled in mid-PDU must end the write as well as the read: a
// connection that waited on the write would never close.
TEST(NetFault, ResetWhileAWriteIsStalled) {
    for (bool on_input : {false, true}) {
        SCOPED_TRACE(on_input ? "reset seen by the read" : "reset seen by the write");
        rig r(role::esme);
        ASSERT_TRUE(r.conn->core().bind(bind_type::transceiver, credentials(), clock::now()).ok());
        r.peer->peer_reads_only(5);
        r.start();
        r.settle();
        ASSERT_TRUE(r.peer->write_pending());
        if (on_input)
            r.peer->fail_input_at(0, reset);
        else
            r.peer->fail_output_at(5, reset);
        r.settle();
        EXPECT_EQ(r.result, close_reason::peer_closed);
        EXPECT_EQ(r.peer->written().size(), 5u);
        EXPECT_FALSE(r.peer->read_pending() || r.peer->write_pending());
    }
}

// A peer that sends submits but reads none of the answers: the connection must not buffer them
// without end. It closes as peer_not_reading once max_unsent_bytes are waiting, long before
// the peer has sent everything, and its buffer never grows much past the limit.
TEST(NetFault, PeerThatStopsReadingIsClosedAtTheUnsentLimit) {
    constexpr std::size_t limit = 1024;
    constexpr std::uint32_t submits = 1000;
    rig r(role::mc, session_config{.max_unsent_bytes = limit});
    std::size_t most_unsent = 0;
    r.act_as_mc();
    auto answer = r.on_event;
    r.on_event = [&](net::connection& c, const event& e) {
        answer(c, e);
        most_unsent = std::max(most_unsent, c.core().outbox().size());
    };
    r.peer->peer_reads_only(100);
    r.peer->peer_sends(wire({bind_request(1)}));
    for (std::uint32_t seq = 2; seq < 2 + submits; ++seq) r.peer->peer_sends(wire({submit(seq)}));
    r.start();
    r.settle();

    EXPECT_EQ(r.result, close_reason::peer_not_reading);
    EXPECT_EQ(r.peer->written().size(), 100u);
    // Each read brings one submit, so the limit is checked after every answer.
    EXPECT_LE(most_unsent, limit + wire({submit_resp(submits)}).size());
    EXPECT_GT(r.peer->bytes_unread(), r.peer->bytes_read() * 5) << "read on long after the peer stopped reading";
    EXPECT_TRUE(r.peer->closed());
    EXPECT_FALSE(r.peer->read_pending() || r.peer->write_pending());
}

// Submits still queued when the connection ends never left: the connection says which, so they
// are counted not sent instead of timed out. A submit written in part may have reached the
// peer and is not among them.
TEST(NetFault, RequestsThatNeverLeftAreReportedAtTheClose) {
    for (bool on_input : {false, true}) {
        SCOPED_TRACE(on_input ? "reset seen by the read" : "reset seen by the write");
        rig r(role::esme);
        std::vector<std::uint32_t> unsent;
        r.on_event = [&](net::connection& c, const event& e) {
            if (e.kind == event_kind::bound)
                for (int i = 0; i < 3; ++i) c.core().send_request(command_id::submit_sm, text_message(), clock::now());
            if (e.kind == event_kind::request_not_sent) unsent.push_back(e.sequence);
        };
        ASSERT_TRUE(r.conn->core().bind(bind_type::transceiver, credentials(), clock::now()).ok());
        const std::size_t bind_size = wire({bind_request(1)}).size();
        // The bind and 5 octets of the first submit get through; then the peer stops reading.
        r.peer->peer_reads_only(bind_size + 5);
        r.start();
        r.peer->peer_sends(wire({bind_resp(1)}));
        r.settle();
        if (on_input)
            r.peer->fail_input_at(wire({bind_resp(1)}).size(), reset);
        else
            r.peer->fail_output_at(bind_size + 5, reset);
        r.settle();
        EXPECT_EQ(r.result, close_reason::peer_closed);
        EXPECT_EQ(unsent, (std::vector<std::uint32_t>{3, 4})) << "#2 went out in part";
    }
}

TEST(NetFault, UnfinishedAfterFindsTheFrameAWriteEndedIn) {
    const auto bytes = wire({submit(1), submit(2), submit(3)});
    const std::size_t one = wire({submit(1)}).size();
    EXPECT_EQ(net::unfinished_after(bytes, 0, one), 0u);
    EXPECT_EQ(net::unfinished_after(bytes, 0, one + 3), one - 3);
    // 7 octets that finish a frame written in part before, then whole frames.
    byte_buffer tail(7, 0);
    tail.insert(tail.end(), bytes.begin(), bytes.end());
    EXPECT_EQ(net::unfinished_after(tail, 7, 5), 2u) << "still inside the frame written in part before";
    EXPECT_EQ(net::unfinished_after(tail, 7, 7 + one + 1), one - 1);
}

}  // namespace
}  // namespace smpp::test

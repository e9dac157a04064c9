// Whole exchanges through the connection on a fake stream, with the stream cutting every read
// and write as finely as it can: what reaches the peer must still be exactly the PDUs the
// session produced, in order, however the bytes were split.
#include <gtest/gtest.h>

#include "rig.hpp"

namespace smpp::test {
namespace {

// The ESME's part: a submit once bound, an unbind once it is answered.
void submit_then_unbind(rig& r) {
    r.on_event = [](net::connection& c, const event& e) {
        if (e.kind == event_kind::bound) {
            EXPECT_TRUE(c.core().send_request(command_id::submit_sm, text_message(), clock::now()).ok());
            c.flush();
        }
        if (e.kind == event_kind::response_received && e.request_id == command_id::submit_sm) c.unbind();
    };
    ASSERT_TRUE(r.conn->core().bind(bind_type::transceiver, credentials(), clock::now()).ok());
}

// Plays the MC against an ESME rig: each answer goes in only once the request is on the wire.
void answer_as_mc(rig& r) {
    r.settle();
    ASSERT_EQ(decode_all(r.peer->written()), (std::vector{bind_request(1)}));
    r.peer->peer_sends(wire({bind_resp(1)}));
    r.settle();
    ASSERT_EQ(decode_all(r.peer->written()), (std::vector{bind_request(1), submit(2)}));
    r.peer->peer_sends(wire({submit_resp(2)}));
    r.settle();
    ASSERT_EQ(decode_all(r.peer->written()), (std::vector{bind_request(1), submit(2), unbind(3)}));
    r.peer->peer_sends(wire({unbind_resp(3)}));
    r.settle();
}

TEST(NetExchange, EsmeWritesCompletingOneByteAtATime) {
    rig r(role::esme);
    r.peer->set_write_size(1);
    submit_then_unbind(r);
    r.start();
    answer_as_mc(r);

    ASSERT_EQ(r.result, close_reason::unbound);
    const auto& out = r.peer->written();
    EXPECT_EQ(out, wire({bind_request(1), submit(2), unbind(3)}));
    EXPECT_EQ(r.peer->writes(), out.size()) << "every write took one byte";
    EXPECT_TRUE(r.peer->closed());
}

TEST(NetExchange, EsmeReadsOneBytePerRead) {
    rig r(role::esme);
    r.peer->set_read_size(1);
    submit_then_unbind(r);
    r.start();
    answer_as_mc(r);

    ASSERT_EQ(r.result, close_reason::unbound);
    EXPECT_EQ(r.peer->bytes_read(), wire({bind_resp(1), submit_resp(2), unbind_resp(3)}).size());
    EXPECT_TRUE(r.peer->closed());
}

TEST(NetExchange, McOneByteReadsAndOneByteWrites) {
    rig r(role::mc);
    r.act_as_mc();
    r.peer->set_read_size(1);
    r.peer->set_write_size(1);
    r.peer->peer_sends(wire({bind_request(1), submit(2), unbind(3)}));
    r.start();
    r.settle();

    ASSERT_EQ(r.result, close_reason::unbound);
    EXPECT_EQ(decode_all(r.peer->written()), (std::vector{bind_resp(1), submit_resp(2), unbind_resp(3)}));
    EXPECT_EQ(r.peer->written(), wire({bind_resp(1), submit_resp(2), unbind_resp(3)}));
    EXPECT_EQ(r.peer->writes(), r.peer->written().size());
    EXPECT_EQ(r.peer->bytes_unread(), 0u);
}

TEST(NetExchange, McInputInChunksThatSplitEveryPdu) {
    rig r(role::mc);
    r.act_as_mc();
    const auto input = wire({bind_request(1), submit(2), submit(3), unbind(4)});
    // Chunks of 7 bytes: no PDU starts or ends on a chunk boundary except by chance.
    for (std::size_t at = 0; at < input.size(); at += 7)
        r.peer->peer_sends(std::span(input).subspan(at, std::min<std::size_t>(7, input.size() - at)));
    r.start();
    r.settle();

    ASSERT_EQ(r.result, close_reason::unbound);
    EXPECT_EQ(decode_all(r.peer->written()), (std::vector{bind_resp(1), submit_resp(2), submit_resp(3), unbind_resp(4)}));
}

// A peer that pauses reading mid-PDU and then resumes: the stalled write goes on where it
// stopped, and nothing is lost or doubled.
TEST(NetExchange, StalledWriteResumesWhenThePeerReadsAgain) {
    rig r(role::esme);
    r.peer->peer_reads_only(5);
    submit_then_unbind(r);
    r.start();
    r.settle();
    EXPECT_EQ(r.peer->written().size(), 5u);
    EXPECT_TRUE(r.peer->write_pending());
    EXPECT_FALSE(r.result);

    r.peer->peer_reads_more(fake_stream::unlimited);
    answer_as_mc(r);
    ASSERT_EQ(r.result, close_reason::unbound);
    EXPECT_EQ(r.peer->written(), wire({bind_request(1), submit(2), unbind(3)}));
}

// Our own hard stop while a read and a stalled write are pending: both are cancelled, the
// connection ends with the reason given, and the stream is closed.
TEST(NetExchange, ForceCloseCancelsPendingReadAndWrite) {
    rig r(role::esme);
    r.peer->peer_reads_only(3);
    submit_then_unbind(r);
    r.start();
    r.settle();
    ASSERT_TRUE(r.peer->read_pending());
    ASSERT_TRUE(r.peer->write_pending());

    r.conn->force_close(close_reason::forced);
    r.settle();
    EXPECT_FALSE(r.peer->read_pending());
    EXPECT_FALSE(r.peer->write_pending());
    EXPECT_EQ(r.result, close_reason::forced);
    EXPECT_TRUE(r.peer->closed());
}

}  // namespace
}  // namespace smpp::test

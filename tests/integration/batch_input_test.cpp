// The MC handles a big read in slices (feed_slice in connection.cpp). Whatever the slicing,
// every PDU of a burst must be answered once, in order, including PDUs cut at a slice's edge
// and one larger than a slice.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.hpp"
#include "mc_script.hpp"

namespace smpp::test {
namespace {

// Text that does not fit short_message goes in message_payload.
sm_body carrying(std::string text) {
    if (text.size() <= 254) return a_message(std::move(text));
    auto b = a_message("");
    b.tlvs.push_back({tag::message_payload, std::move(text)});
    return b;
}

TEST(BatchInput, EveryPduOfABurstLargerThanASliceIsAnsweredInOrder) {
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "burst"), command_status::ok);
    // About 40 KiB in one write: 300 submits whose lengths vary so that slice edges cut PDUs in
    // different places, and in the middle one submit of 20 KiB, bigger than any slice.
    std::vector<pdu> burst;
    for (int i = 0; i < 300; ++i) {
        burst.push_back(esme.submit(carrying(std::string(10 + i % 37, 'x'))));
        if (i == 150) burst.push_back(esme.submit(carrying(std::string(20 * 1024, 'y'))));
    }
    esme.send(burst);
    for (const auto& sent : burst) {
        const auto answer = esme.receive();
        ASSERT_TRUE(answer) << "no answer to sequence " << sent.sequence;
        EXPECT_EQ(answer->id, command_id::submit_sm_resp);
        EXPECT_EQ(answer->sequence, sent.sequence);
        EXPECT_EQ(answer->status, command_status::ok);
    }
    EXPECT_FALSE(esme.receive(std::chrono::milliseconds(100)));  // nothing answered twice
}

}  // namespace
}  // namespace smpp::test

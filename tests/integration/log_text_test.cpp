// What the log tells a person about odd input: enough to act on without a packet capture.
#include <gtest/gtest.h>

#include <algorithm>

#include "harness.hpp"

namespace smpp::test {
namespace {

TEST(LogText, UnknownCommandIdIsNamedInHex) {
    event_log log;
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "hex"), command_status::ok);
    // A header-only PDU with command_id 0x00000777, sequence 9.
    const std::uint8_t unknown[] = {0, 0, 0, 16, 0, 0, 0x07, 0x77, 0, 0, 0, 0, 0, 0, 0, 9};
    esme.send_bytes(unknown);
    const auto nack = esme.receive();
    ASSERT_TRUE(nack);
    EXPECT_EQ(nack->id, command_id::generic_nack);
    EXPECT_EQ(nack->status, command_status::invalid_cmd_id);
    ASSERT_TRUE(log.wait_for("mc", "pdu_rejected", 1));
    const auto events = log.snapshot();
    const auto rejected = std::find_if(events.begin(), events.end(), [](const logged& e) { return e.event == "pdu_rejected"; });
    ASSERT_NE(rejected, events.end());
    EXPECT_NE(rejected->msg.find("0x00000777"), std::string::npos) << rejected->msg;
}

}  // namespace
}  // namespace smpp::test

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

// The words of --log-level, so that a filter written for one works on the other.
TEST(LogText, JsonLevelIsTheWordLogLevelTakes) {
    event_log log;
    log::event(log::level::info, {.role = "mc"}, "said_info", "info");
    log::event(log::level::warn, {.role = "mc"}, "said_warn", "warn");
    log::event(log::level::error, {.role = "mc"}, "said_error", "error");
    const auto events = log.snapshot();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].level, "info");
    EXPECT_EQ(events[1].level, "warn");
    EXPECT_EQ(events[2].level, "error");
}

std::string message_of(const std::vector<logged>& events, const std::string& role, const std::string& event) {
    for (const auto& e : events)
        if (e.role == role && e.event == event) return e.msg;
    return "(no " + event + ")";
}

TEST(LogText, OneSessionIsOneSession) {
    event_log log;
    running_mc mc;
    auto o = esme_for(mc.port(), 1);
    o.duration = 100ms;
    running_esme esme(o);
    ASSERT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(message_of(log.snapshot(), "esme", "shutdown_started"), "Stopping: unbinding 1 session");
    mc.stop();
    ASSERT_EQ(mc.wait(), mc_exit::ok);
    // The MC may not have seen the ESME's close yet: either count, in its own number.
    const auto mc_says = message_of(log.snapshot(), "mc", "shutdown_started");
    EXPECT_TRUE(mc_says == "Stopping: unbinding 0 sessions" || mc_says == "Stopping: unbinding 1 session") << mc_says;
}

}  // namespace
}  // namespace smpp::test

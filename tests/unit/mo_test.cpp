// MO messages as plain code: their deliver_sm bodies (long ones split like the ESME's), the
// "{n}" counter, --echo's turnaround, and the pacing of --mo-rate and --mo-file in virtual time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smpp/mc/mo.hpp"

namespace {

using namespace smpp;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
const clock_type::time_point t0{};

mc::mo_message a_message(std::string text) {
    return {.system_id = "sid", .from = "447700900001", .to = "12345", .text = std::move(text)};
}

TEST(MoBodies, AShortTextIsOneDeliverSmInTheSmallestAlphabet) {
    auto m = a_message("hello");
    m.esm_class = 0x00;
    m.tlvs.push_back({tag::user_message_reference, std::string("\x00\x07", 2)});
    const auto bodies = mc::mo_bodies(m, traffic::long_mode::udh, 9);
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_EQ(bodies[0].source_addr, "447700900001");
    EXPECT_EQ(bodies[0].destination_addr, "12345");
    EXPECT_EQ(bodies[0].short_message, "hello");
    EXPECT_EQ(bodies[0].data_coding, 0x00);
    EXPECT_EQ(bodies[0].esm_class, 0x00);  // an MO, not a receipt
    EXPECT_EQ(bodies[0].tlvs, m.tlvs);
}

TEST(MoBodies, TextOutsideGsmGoesAsUcs2) {
    const auto bodies = mc::mo_bodies(a_message("Привет"), traffic::long_mode::udh, 0);
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_EQ(bodies[0].data_coding, 0x08);
    EXPECT_EQ(bodies[0].short_message.size(), 12u);
}

TEST(MoBodies, ALongTextIsSplitWithAUdhCarryingTheReference) {
    const auto bodies = mc::mo_bodies(a_message(std::string(200, 'a')), traffic::long_mode::udh, 0x2a);
    ASSERT_EQ(bodies.size(), 2u);
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        EXPECT_EQ(bodies[i].esm_class, 0x40);
        EXPECT_EQ(bodies[i].short_message.substr(0, 6),
                  (std::string{'\x05', '\x00', '\x03', '\x2a', '\x02', static_cast<char>(i + 1)}));
    }
    EXPECT_EQ(bodies[0].short_message.size(), 6u + 153u);
    EXPECT_EQ(bodies[1].short_message.size(), 6u + 47u);
}

TEST(MoBodies, ALongTextAsPayloadIsOneDeliverSmWithMessagePayload) {
    const auto bodies = mc::mo_bodies(a_message(std::string(200, 'a')), traffic::long_mode::payload, 0);
    ASSERT_EQ(bodies.size(), 1u);
    EXPECT_TRUE(bodies[0].short_message.empty());
    EXPECT_EQ(get_octets(bodies[0].tlvs, tag::message_payload), std::string(200, 'a'));
    EXPECT_EQ(bodies[0].esm_class, 0x00);
}

TEST(MoBodies, TextWithoutAnEncodingInItsDataCodingMakesNothing) {
    auto m = a_message("€ and ä");
    m.data_coding = 0x03;  // Latin-1 has no euro sign
    EXPECT_TRUE(mc::mo_bodies(m, traffic::long_mode::udh, 0).empty());
}

TEST(MoCounter, EveryMarkerIsReplaced) {
    EXPECT_EQ(mc::with_counter("4477{n}", 12), "447712");
    EXPECT_EQ(mc::with_counter("MO {n} of {n}", 3), "MO 3 of 3");
    EXPECT_EQ(mc::with_counter("no marker", 3), "no marker");
    EXPECT_EQ(mc::with_counter("{n", 3), "{n");
}

TEST(MoEcho, ComesBackFromTheDestinationWithTheSameOctets) {
    sm_body submit;
    submit.source_addr_ton = 5;
    submit.source_addr_npi = 0;
    submit.source_addr = "ACME";
    submit.dest_addr_ton = 1;
    submit.dest_addr_npi = 1;
    submit.destination_addr = "447700900002";
    submit.esm_class = 0x43;  // UDHI, and a store-and-forward mode the echo does not copy
    submit.registered_delivery = 1;
    submit.data_coding = 0x08;
    submit.short_message = std::string("\x05\x00\x03\x01\x02\x01\x00h", 8);
    const auto echo = mc::echo_of(submit);
    EXPECT_EQ(echo.source_addr, "447700900002");
    EXPECT_EQ(echo.source_addr_ton, 1);
    EXPECT_EQ(echo.destination_addr, "ACME");
    EXPECT_EQ(echo.dest_addr_ton, 5);
    EXPECT_EQ(echo.esm_class, 0x40);
    EXPECT_EQ(echo.registered_delivery, 0);
    EXPECT_EQ(echo.data_coding, 0x08);
    EXPECT_EQ(echo.short_message, submit.short_message);
}

TEST(MoEcho, CarriesTheMessagePayload) {
    sm_body submit;
    submit.tlvs.push_back({tag::message_payload, "long text"});
    submit.tlvs.push_back({tag::user_message_reference, std::string("\x00\x01", 2)});
    const auto echo = mc::echo_of(submit);
    EXPECT_EQ(get_octets(echo.tlvs, tag::message_payload), "long text");
    EXPECT_EQ(echo.tlvs.size(), 1u);
}

TEST(MoRate, TicksEvenlyAtTheRate) {
    mc::mo_rate rate(100);  // every 10 ms
    std::size_t ticks = 0;
    for (auto now = t0; now < t0 + 1s; now += 1ms) ticks += rate.take_due(now);
    EXPECT_NEAR(static_cast<double>(ticks), 100.0, 1.0);
}

TEST(MoRate, APauseIsNotMadeUpWithABurst) {
    mc::mo_rate rate(10);
    EXPECT_EQ(rate.take_due(t0), 1u);
    EXPECT_EQ(rate.take_due(t0 + 10s), 1u);  // ten seconds without a timer: still one
    EXPECT_EQ(rate.take_due(t0 + 10s), 0u);
    const auto next = rate.next_deadline(t0 + 10s);
    ASSERT_TRUE(next);
    EXPECT_GT(*next, t0 + 10s + 90ms);
    EXPECT_LE(*next, t0 + 10s + 100ms);
}

TEST(MoRate, ZeroMeansNone) {
    mc::mo_rate rate(0);
    EXPECT_EQ(rate.take_due(t0 + 1s), 0u);
    EXPECT_FALSE(rate.next_deadline(t0));
}

TEST(MoScript, LinesComeInOrderEachAfterTheOneBefore) {
    std::vector<mc::mo_message> lines{a_message("a"), a_message("b"), a_message("c")};
    lines[1].after = 100ms;
    lines[2].after = 50ms;
    mc::mo_script script(lines);
    EXPECT_FALSE(script.next_deadline());  // nothing before start
    script.start(t0);
    std::vector<std::string> played;
    const auto play = [&](const mc::mo_message& m) { played.push_back(m.text); };
    EXPECT_EQ(script.take_due(t0, play), 1u);
    EXPECT_EQ(script.next_deadline(), t0 + 100ms);
    // A late timer: both lines due by then come out, and the next pause counts from when the
    // line was due, not from when it was played.
    EXPECT_EQ(script.take_due(t0 + 170ms, play), 2u);
    EXPECT_EQ(played, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_FALSE(script.next_deadline());
    EXPECT_EQ(script.left(), 0u);
}

}  // namespace

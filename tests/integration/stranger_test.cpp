// The MC against peers that never bind properly (issue #12, "Holes found by independent tests"):
// their chatter and failed binds cost a few log lines, not one per PDU; an unbound peer that
// sends no bind is closed; refusals carry the MC's system_id; pipelined binds are answered in
// the order they came.
#include <gtest/gtest.h>

#include <algorithm>

#include "harness.hpp"

namespace smpp::test {
namespace {

std::size_t count_of(const event_log& log, std::string_view event) {
    const auto all = log.snapshot();
    return static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [&](const logged& e) { return e.role == "mc" && e.event == event; }));
}

mc_options one_account() {
    mc_options o;
    o.credentials = {{"sid1", "secret1"}};
    o.allow_any_bind = false;
    return o;
}

TEST(McStrangers, AWrongPasswordFloodWritesAFewLinesNotOnePerBind) {
    event_log log;
    running_mc mc(one_account());
    raw_esme esme(mc.port());
    constexpr int binds = 60;
    for (int i = 0; i < binds; ++i)
        ASSERT_NE(esme.bind(command_id::bind_transceiver, "sid1", "wrong"), command_status::ok);
    const auto lines = count_of(log, "bind_failed");
    EXPECT_GE(lines, 1u);
    EXPECT_LE(lines, 10u) << "one line per refused bind lets a stranger fill the disk";
}

TEST(McStrangers, AnUnboundPeerSendingNoBindIsClosedAfterAHandful) {
    event_log log;
    running_mc mc(one_account());
    raw_esme esme(mc.port());
    // 800 KB of enquire_link_resp wrote 50,000 warning lines before the fix.
    std::vector<pdu> chatter;
    for (std::uint32_t seq = 1; seq <= 1000; ++seq) chatter.push_back(make_header_only(command_id::enquire_link_resp, seq));
    esme.send(chatter);
    while (esme.receive(5s)) {
    }
    EXPECT_TRUE(esme.peer_closed()) << "the MC must close a peer that only chatters";
    ASSERT_TRUE(log.wait_for("mc", "closed", 1));
    EXPECT_LE(count_of(log, "unexpected_response"), 10u);
}

TEST(McStrangers, ARefusalCarriesTheMcSystemId) {
    running_mc mc(one_account());
    raw_esme esme(mc.port());
    esme.send(pdu{command_id::bind_transmitter, command_status::ok, esme.next_sequence(),
                  bind_body{.system_id = "sid1", .password = "wrong"}});
    const auto answer = esme.receive();
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status, command_status::invalid_password);
    const auto* body = std::get_if<bind_resp_body>(&answer->body);
    ASSERT_NE(body, nullptr) << "Kannel warns and libsmpp34 fails on a refusal without system_id";
    EXPECT_EQ(body->system_id, mc_options{}.system_id);
}

TEST(McStrangers, PipelinedBindsAreAnsweredInTheOrderTheyCame) {
    running_mc mc(one_account());
    raw_esme esme(mc.port());
    sm_body text;
    text.source_addr = "1000";
    text.destination_addr = "2000";
    text.short_message = "hi";
    esme.send({pdu{command_id::bind_transceiver, command_status::ok, 1, bind_body{.system_id = "sid1", .password = "wrong"}},
               pdu{command_id::bind_transceiver, command_status::ok, 2, bind_body{.system_id = "sid1", .password = "secret1"}},
               pdu{command_id::submit_sm, command_status::ok, 3, text}});
    std::vector<std::uint32_t> order;
    std::vector<command_status> statuses;
    for (int i = 0; i < 3; ++i)
        if (const auto p = esme.receive()) {
            order.push_back(p->sequence);
            statuses.push_back(p->status);
        }
    EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 2, 3}));
    EXPECT_EQ(statuses, (std::vector{command_status::invalid_password, command_status::ok, command_status::ok}));
}

}  // namespace
}  // namespace smpp::test

// smpp-mc's HTTP API against a running MC and a raw ESME: every endpoint, and the knobs taking
// effect on the next PDU.
#include <gtest/gtest.h>

#include "http_mc_fixture.hpp"
#include "mc_script.hpp"
#include "smpp/codec/delivery_receipt.hpp"

namespace smpp::test {
namespace {

std::string submit(raw_esme& esme, sm_body body) {
    const auto request = esme.submit(std::move(body));
    esme.send(request);
    return accepted_id(expect_pdu(esme, command_id::submit_sm_resp), request.sequence);
}

TEST(HttpApi, StatusListsTheBoundSessions) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "alice"), command_status::ok);
    const auto reply = m.get("/status");
    ASSERT_EQ(reply.status, 200u);
    const auto j = reply.json();
    EXPECT_EQ(j["listen"], "127.0.0.1:" + std::to_string(m.mc.port()));
    ASSERT_EQ(j["sessions"].size(), 1u);
    EXPECT_EQ(j["sessions"][0]["system_id"], "alice");
    EXPECT_EQ(j["sessions"][0]["bind_mode"], "transceiver");
    EXPECT_TRUE(j["sessions"][0]["bound_since"].is_string());
    EXPECT_EQ(j["knobs"]["reject_ratio"], 0.0);
    EXPECT_EQ(j["receipts"]["sent"], 0);
    EXPECT_EQ(j["mo"]["sent"], 0);
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpApi, MessagesNewestFirstPagedAndFiltered) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "alice"), command_status::ok);
    const auto first = submit(esme, a_message("one"));
    const auto second = submit(esme, a_message("two"));
    const auto third = submit(esme, a_message("three"));
    auto page = m.get("/messages?limit=2").json();
    ASSERT_EQ(page["messages"].size(), 2u);
    EXPECT_EQ(page["messages"][0]["id"], third);
    EXPECT_EQ(page["messages"][1]["id"], second);
    EXPECT_EQ(page["messages"][0]["system_id"], "alice");
    EXPECT_EQ(page["total"], 3);
    ASSERT_EQ(page["next_after"], second);
    page = m.get("/messages?limit=2&after=" + second).json();
    ASSERT_EQ(page["messages"].size(), 1u);
    EXPECT_EQ(page["messages"][0]["id"], first);
    EXPECT_EQ(page["messages"][0]["text"], "one");
    EXPECT_TRUE(page["next_after"].is_null());
    EXPECT_EQ(m.get("/messages?system_id=bob").json()["total"], 0);
    EXPECT_EQ(m.get("/messages?state=DELIVRD&to=447700900002").json()["total"], 3);
    EXPECT_EQ(m.get("/messages?state=nonsense").status, 400u);
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpApi, OneMessageWithItsHistory) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "alice"), command_status::ok);
    const auto id = submit(esme, a_message("hello", 1));
    const auto j = m.get("/messages/" + id).json();
    EXPECT_EQ(j["state"], "DELIVRD");
    ASSERT_GE(j["history"].size(), 2u);
    EXPECT_EQ(j["history"][0]["event"], "accepted");
    EXPECT_EQ(j["history"][1]["event"], "finished");
    EXPECT_EQ(j["history"][1]["state"], "DELIVRD");
    EXPECT_EQ(m.get("/messages/ffff").status, 404u);
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpApi, AKnobAppliesToTheNextSubmit) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "alice"), command_status::ok);
    submit(esme, a_message("accepted"));
    const auto reply = m.send("PATCH", "/knobs", R"({"reject_ratio": 1, "reject_status": "0x58"})");
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json()["reject_status"], "0x00000058");
    EXPECT_EQ(m.get("/knobs").json()["reject_ratio"], 1.0);
    const auto request = esme.submit(a_message("refused"));
    esme.send(request);
    const auto resp = expect_pdu(esme, command_id::submit_sm_resp);
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status, command_status::throttled);  // 0x58 is ESME_RTHROTTLED
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpApi, BadKnobsAreRefusedByName) {
    http_mc m;
    auto reply = m.send("PATCH", "/knobs", R"({"reject_ratio": 2})");
    EXPECT_EQ(reply.status, 400u);
    EXPECT_NE(reply.json()["error"].get<std::string>().find("reject_ratio"), std::string::npos);
    reply = m.send("PATCH", "/knobs", R"({"no_such_knob": 1, "throttle": 5})");
    EXPECT_EQ(reply.status, 400u);
    EXPECT_NE(reply.json()["error"].get<std::string>().find("no_such_knob"), std::string::npos);
    EXPECT_EQ(m.get("/knobs").json()["throttle"], 0);  // nothing of a refused patch applies
}

TEST(HttpApi, AnMoReachesTheReceiverAndWithoutOneIsRefusedOrQueued) {
    http_mc m;
    auto reply = m.send("POST", "/mo", R"({"system_id": "alice", "from": "1", "to": "2", "text": "x", "queue": false})");
    EXPECT_EQ(reply.status, 409u);
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_receiver, "alice"), command_status::ok);
    reply = m.send("POST", "/mo", R"({"session": 1, "from": "447700900009", "to": "12345", "text": "hi there"})");
    ASSERT_EQ(reply.status, 202u) << reply.body;
    EXPECT_FALSE(reply.json()["queued"].get<bool>());
    const auto mo = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(mo);
    const auto& body = std::get<sm_body>(mo->body);
    EXPECT_EQ(body.short_message, "hi there");
    EXPECT_EQ(body.source_addr, "447700900009");
    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, mo->sequence, sm_resp_body{}});
    reply = m.send("POST", "/mo", R"({"system_id": "bob", "from": "1", "to": "2", "text": "later"})");
    EXPECT_EQ(reply.status, 202u);
    EXPECT_TRUE(reply.json()["queued"].get<bool>());
    EXPECT_EQ(m.send("POST", "/mo", R"({"from": "1", "to": "2", "text": "x"})").status, 400u);
    reply = m.send("POST", "/mo", R"({"system_id": "bob", "from": "1", "to": "2", "text": "x", "queue": "yes"})");
    EXPECT_EQ(reply.status, 400u);
    EXPECT_NE(reply.body.find("queue must be true or false"), std::string::npos) << reply.body;
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpApi, DeliverFinishesAMessageNowWithItsReceipt) {
    mc_options o;
    o.receipt_delay = 60s;
    http_mc m(o);
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "alice"), command_status::ok);
    const auto id = submit(esme, a_message("fail me", 1));
    const auto reply = m.send("POST", "/messages/" + id + "/deliver", R"({"state": "UNDELIV", "error": 5})");
    ASSERT_EQ(reply.status, 200u) << reply.body;
    EXPECT_EQ(reply.json()["state"], "UNDELIV");
    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    const auto parsed = parse_receipt(std::get<sm_body>(receipt->body));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->message_id, id);
    EXPECT_EQ(parsed->stat, "UNDELIV");
    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, receipt->sequence, sm_resp_body{}});
    EXPECT_EQ(m.send("POST", "/messages/" + id + "/deliver", "{}").status, 409u);
    EXPECT_EQ(m.send("POST", "/messages/ffff/deliver", "{}").status, 404u);
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpApi, SessionsCanBeUnboundOrDropped) {
    http_mc m;
    raw_esme first(m.mc.port());
    ASSERT_EQ(first.bind(command_id::bind_transmitter, "alice"), command_status::ok);
    raw_esme second(m.mc.port());
    ASSERT_EQ(second.bind(command_id::bind_transmitter, "bob"), command_status::ok);
    const auto sessions = m.get("/status").json()["sessions"];
    ASSERT_EQ(sessions.size(), 2u);
    const auto n1 = sessions[0]["session"].get<std::uint64_t>(), n2 = sessions[1]["session"].get<std::uint64_t>();
    EXPECT_EQ(m.send("POST", "/sessions/" + std::to_string(n1) + "/unbind").status, 202u);
    answer_unbind(first);
    EXPECT_EQ(m.send("DELETE", "/sessions/" + std::to_string(n2)).status, 202u);
    EXPECT_FALSE(second.receive(5s));
    EXPECT_TRUE(second.peer_closed());
    EXPECT_EQ(m.send("DELETE", "/sessions/999").status, 404u);
    EXPECT_EQ(m.send("DELETE", "/sessions/abc").status, 400u);
    m.mc.stop();
    EXPECT_EQ(m.mc.wait(), mc_exit::ok);  // a dropped session is not an unbind that timed out
}

TEST(HttpApi, ResetForgetsTheMessages) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "alice"), command_status::ok);
    submit(esme, a_message("one"));
    ASSERT_EQ(m.get("/messages").json()["total"], 1);
    EXPECT_EQ(m.send("POST", "/reset").status, 200u);
    EXPECT_EQ(m.get("/messages").json()["total"], 0);
    EXPECT_EQ(m.get("/status").json()["sessions"][0]["counters"]["submitted"], 0);
    m.mc.stop();
    answer_unbind(esme);
}

}  // namespace
}  // namespace smpp::test

// GET /messages/{id}'s history follows a receipt past the MC: sent as deliver_sm on a session,
// then acknowledged, refused with the ESME's status, or stranded when the ESME goes away.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "poll.hpp"
#include "http_mc_fixture.hpp"
#include "mc_script.hpp"

namespace smpp::test {
namespace {

using nlohmann::json;

std::string submit(raw_esme& esme, sm_body body) {
    const auto request = esme.submit(std::move(body));
    esme.send(request);
    return accepted_id(expect_pdu(esme, command_id::submit_sm_resp), request.sequence);
}

std::vector<std::string> events_of(const json& history) {
    std::vector<std::string> out;
    for (const auto& e : history) out.push_back(e["event"].get<std::string>());
    return out;
}

// The message's history once its last event is `last`, or as it was at the deadline.
json history_when(const http_mc& m, const std::string& id, const std::string& last) {
    // The MC records the answer when it reads it, which only the endpoint can tell.
    json history;
    poll_until(5s, [&] {
        const auto reply = m.get("/messages/" + id);
        if (reply.status == 200) history = reply.json()["history"];
        return !history.empty() && history.back()["event"] == last;
    });
    return history;
}

std::uint64_t only_session(const http_mc& m) {
    const auto sessions = m.get("/status").json()["sessions"];
    return sessions.size() == 1 ? sessions[0]["session"].get<std::uint64_t>() : 0;
}

const std::vector<std::string> sent_events{"accepted", "finished", "receipt_queued", "receipt_sent"};

std::vector<std::string> sent_then(const std::string& last) {
    auto out = sent_events;
    out.push_back(last);
    return out;
}

TEST(HttpHistory, AReceiptSentAndAcknowledged) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "alice"), command_status::ok);
    const auto session = only_session(m);
    const auto id = submit(esme, a_message("hello", 1));
    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, receipt->sequence, sm_resp_body{}});
    const auto history = history_when(m, id, "receipt_acknowledged");
    ASSERT_EQ(events_of(history), sent_then("receipt_acknowledged"));
    EXPECT_EQ(history[3]["session"], session);
    EXPECT_EQ(history[4]["session"], session);
    EXPECT_FALSE(history[4].contains("reason"));
    EXPECT_FALSE(history[0].contains("session"));  // only where it applies
    EXPECT_EQ(history[1]["state"], "DELIVRD");
    EXPECT_LE(history[3]["time"].get<std::string>(), history[4]["time"].get<std::string>());
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpHistory, AReceiptRefusedWithAPermanentError) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "alice"), command_status::ok);
    const auto id = submit(esme, a_message("hello", 1));
    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    esme.send(pdu{command_id::deliver_sm_resp, command_status::x_perm_app_error, receipt->sequence, sm_resp_body{}});
    const auto history = history_when(m, id, "receipt_failed");
    ASSERT_EQ(events_of(history), sent_then("receipt_failed"));
    EXPECT_EQ(history[4]["reason"], "refused");
    EXPECT_EQ(history[4]["status"], "ESME_RX_P_APPN");
    EXPECT_EQ(history[4]["status_code"], "0x00000065");
    EXPECT_EQ(history[4]["session"], only_session(m));
    m.mc.stop();
    answer_unbind(esme);
}

TEST(HttpHistory, AReceiptInFlightWhenTheEsmeGoesIsSessionClosed) {
    http_mc m;
    auto esme = std::make_unique<raw_esme>(m.mc.port());
    ASSERT_EQ(esme->bind(command_id::bind_transceiver, "alice"), command_status::ok);
    const auto id = submit(*esme, a_message("hello", 1));
    ASSERT_TRUE(expect_pdu(*esme, command_id::deliver_sm));
    esme.reset();  // gone without answering
    const auto history = history_when(m, id, "receipt_failed");
    ASSERT_EQ(events_of(history), sent_then("receipt_failed"));
    EXPECT_EQ(history[4]["reason"], "session_closed");
    EXPECT_FALSE(history[4].contains("status"));
}

TEST(HttpHistory, AReceiptWithNoReceiverBoundStaysQueued) {
    http_mc m;
    raw_esme esme(m.mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "alice"), command_status::ok);
    const auto id = submit(esme, a_message("hello", 1));
    const auto history = history_when(m, id, "receipt_queued");
    EXPECT_EQ(events_of(history), (std::vector<std::string>{"accepted", "finished", "receipt_queued"}));
    m.mc.stop();
    answer_unbind(esme);
}

}  // namespace
}  // namespace smpp::test

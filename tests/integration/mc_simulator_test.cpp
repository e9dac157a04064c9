// smpp-mc as a test simulator, driven by a hand-scripted ESME on a raw socket: delivery
// receipts, the reject/throttle/delay knobs, unique message ids, and a shutdown that waits for
// the answers to its receipts before unbinding.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "harness.hpp"
#include "mc_script.hpp"

namespace smpp::test {
namespace {

TEST(McSimulator, ReceiptGoesToTheTransceiverWithItsTextAndTlvs) {
    event_log log;
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_TRUE(esme.connected());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);

    const auto submit = esme.submit(a_message("Hello receipt world, and then some more", 0x01));
    esme.send(submit);
    const auto id = accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);
    ASSERT_FALSE(id.empty());

    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    const auto& body = std::get<sm_body>(receipt->body);
    EXPECT_EQ(body.esm_class, 0x04);
    EXPECT_EQ(body.source_addr, "447700900002");  // back from where the message went
    EXPECT_EQ(body.destination_addr, "447700900001");
    const std::string& text = body.short_message;
    EXPECT_EQ(text.rfind("id:" + id + " sub:001 dlvrd:001 submit date:", 0), 0u) << text;
    EXPECT_NE(text.find(" done date:"), std::string::npos) << text;
    EXPECT_TRUE(text.ends_with(" stat:DELIVRD err:000 text:Hello receipt world,")) << text;
    ASSERT_EQ(body.tlvs.size(), 2u);
    EXPECT_EQ(body.tlvs[0].tag, 0x001E);
    EXPECT_EQ(body.tlvs[0].value, id + std::string(1, '\0'));
    EXPECT_EQ(body.tlvs[1].tag, 0x0427);
    EXPECT_EQ(body.tlvs[1].value, std::string(1, '\x02'));
    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, receipt->sequence, sm_resp_body{}});

    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 0u);
}

TEST(McSimulator, NoReceiptUnlessAskedFor) {
    event_log log;
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    const auto submit = esme.submit(a_message("no receipt please", 0x00));
    esme.send(submit);
    accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);
    // A receipt would have left together with the response, ahead of this enquire_link's answer.
    esme.send(make_header_only(command_id::enquire_link, esme.next_sequence()));
    EXPECT_TRUE(expect_pdu(esme, command_id::enquire_link_resp));
}

TEST(McSimulator, ReceiptWaitsUntilAReceiverOfTheSameSystemIdBinds) {
    event_log log;
    running_mc mc;
    raw_esme sender(mc.port());
    raw_esme stranger(mc.port());
    ASSERT_EQ(sender.bind(command_id::bind_transmitter, "sid1"), command_status::ok);
    ASSERT_EQ(stranger.bind(command_id::bind_receiver, "sid2"), command_status::ok);

    const auto submit = sender.submit(a_message("queued receipt", 0x01));
    sender.send(submit);
    const auto id = accepted_id(expect_pdu(sender, command_id::submit_sm_resp), submit.sequence);

    raw_esme receiver(mc.port());
    ASSERT_EQ(receiver.bind(command_id::bind_receiver, "sid1"), command_status::ok);
    const auto receipt = expect_pdu(receiver, command_id::deliver_sm);
    ASSERT_TRUE(receipt);
    EXPECT_EQ(std::get<sm_body>(receipt->body).tlvs.at(0).value, id + std::string(1, '\0'));
    receiver.send(pdu{command_id::deliver_sm_resp, command_status::ok, receipt->sequence, sm_resp_body{}});

    // The other system_id's receiver got nothing: its next PDU answers our enquire_link.
    stranger.send(make_header_only(command_id::enquire_link, stranger.next_sequence()));
    EXPECT_TRUE(expect_pdu(stranger, command_id::enquire_link_resp));
}

TEST(McSimulator, ReceiptWithoutAReceiverIsCountedAtShutdown) {
    event_log log;
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "sid1"), command_status::ok);
    const auto submit = esme.submit(a_message("nobody listens", 0x01));
    esme.send(submit);
    accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);

    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 1u);
}

TEST(McSimulator, RejectRatioHalfRefusesExactlyEverySecondSubmit) {
    event_log log;
    mc_options o;
    o.reject_ratio = 0.5;
    o.reject_status = 0x45;  // ESME_RSUBMITFAIL
    running_mc mc(o);
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "sid1"), command_status::ok);

    std::vector<pdu> submits;
    for (int i = 0; i < 10; ++i) submits.push_back(esme.submit(a_message("m" + std::to_string(i))));
    esme.send(submits);
    for (int i = 0; i < 10; ++i) {
        const auto resp = expect_pdu(esme, command_id::submit_sm_resp);
        ASSERT_TRUE(resp);
        EXPECT_EQ(resp->sequence, submits[i].sequence);
        if (i % 2 == 1) {
            EXPECT_EQ(static_cast<std::uint32_t>(resp->status), 0x45u) << "submit " << i + 1;
        } else {
            EXPECT_EQ(resp->status, command_status::ok) << "submit " << i + 1;
        }
    }
}

TEST(McSimulator, ThrottleRefusesSubmitsBeyondTheLimitPerSecond) {
    event_log log;
    mc_options o;
    o.throttle = 3;
    running_mc mc(o);
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "sid1"), command_status::ok);

    // One write: all five arrive well within one second.
    std::vector<pdu> submits;
    for (int i = 0; i < 5; ++i) submits.push_back(esme.submit(a_message("t" + std::to_string(i))));
    esme.send(submits);
    for (int i = 0; i < 5; ++i) {
        const auto resp = expect_pdu(esme, command_id::submit_sm_resp);
        ASSERT_TRUE(resp);
        EXPECT_EQ(resp->status, i < 3 ? command_status::ok : command_status::throttled) << "submit " << i + 1;
    }
}

TEST(McSimulator, ThrottleCountsEachSessionSeparately) {
    event_log log;
    mc_options o;
    o.throttle = 1;
    running_mc mc(o);
    raw_esme first(mc.port());
    raw_esme second(mc.port());
    ASSERT_EQ(first.bind(command_id::bind_transmitter, "sid1"), command_status::ok);
    ASSERT_EQ(second.bind(command_id::bind_transmitter, "sid1"), command_status::ok);
    const auto a = first.submit(a_message("a"));
    const auto b = second.submit(a_message("b"));
    first.send(a);
    second.send(b);
    EXPECT_EQ(expect_pdu(first, command_id::submit_sm_resp)->status, command_status::ok);
    EXPECT_EQ(expect_pdu(second, command_id::submit_sm_resp)->status, command_status::ok);
}

TEST(McSimulator, ResponseDelayHoldsEveryResponseAndKeepsTheOrder) {
    event_log log;
    mc_options o;
    o.response_delay = 300ms;
    running_mc mc(o);
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "sid1"), command_status::ok);

    std::vector<pdu> submits;
    for (int i = 0; i < 3; ++i) submits.push_back(esme.submit(a_message("d" + std::to_string(i))));
    const auto sent = clock_type::now();
    esme.send(submits);
    const auto first = expect_pdu(esme, command_id::submit_sm_resp, 5s);
    const auto waited = clock_type::now() - sent;
    ASSERT_TRUE(first);
    EXPECT_GE(waited, 300ms);
    EXPECT_LT(waited, 300ms + 1s);
    EXPECT_EQ(first->sequence, submits[0].sequence);
    for (int i = 1; i < 3; ++i) EXPECT_EQ(expect_pdu(esme, command_id::submit_sm_resp)->sequence, submits[i].sequence);
}

TEST(McSimulator, MessageIdsAreUniqueOverAThousandSubmits) {
    event_log log;
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transmitter, "sid1"), command_status::ok);

    std::set<std::string> ids;
    for (int batch = 0; batch < 10; ++batch) {
        std::vector<pdu> submits;
        for (int i = 0; i < 100; ++i) submits.push_back(esme.submit(a_message("u")));
        esme.send(submits);
        for (const auto& s : submits) {
            const auto id = accepted_id(expect_pdu(esme, command_id::submit_sm_resp), s.sequence);
            ASSERT_FALSE(id.empty());
            EXPECT_LE(id.size(), 64u);
            ids.insert(id);
        }
    }
    EXPECT_EQ(ids.size(), 1000u);
}

TEST(McSimulator, ShutdownWaitsForTheAnswerToAReceiptBeforeUnbinding) {
    event_log log;
    mc_options o;
    o.drain_timeout = 10s;
    running_mc mc(o);
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    const auto submit = esme.submit(a_message("drain me", 0x01));
    esme.send(submit);
    accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);
    const auto receipt = expect_pdu(esme, command_id::deliver_sm);
    ASSERT_TRUE(receipt);

    // The receipt is unanswered while the MC stops. Without the drain its unbind would come
    // at once, ahead of the answer to our enquire_link.
    mc.stop();
    ASSERT_TRUE(log.wait_for("mc", "shutdown_started", 1));
    esme.send(make_header_only(command_id::enquire_link, esme.next_sequence()));
    EXPECT_TRUE(expect_pdu(esme, command_id::enquire_link_resp));

    esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, receipt->sequence, sm_resp_body{}});
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 0u);
}

TEST(McSimulator, UnansweredReceiptDelaysTheUnbindOnlyUntilTheDrainTimeout) {
    event_log log;
    mc_options o;
    o.drain_timeout = 300ms;
    running_mc mc(o);
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);
    const auto submit = esme.submit(a_message("never answered", 0x01));
    esme.send(submit);
    accepted_id(expect_pdu(esme, command_id::submit_sm_resp), submit.sequence);
    ASSERT_TRUE(expect_pdu(esme, command_id::deliver_sm));

    const auto stopped = clock_type::now();
    mc.stop();
    answer_unbind(esme);
    const auto waited = clock_type::now() - stopped;
    EXPECT_GE(waited, 300ms);
    EXPECT_LT(waited, 300ms + 1s);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 1u);
}

TEST(McSimulator, FullWindowHoldsReceiptsUntilAnswersMakeRoom) {
    event_log log;
    running_mc mc;
    raw_esme esme(mc.port());
    ASSERT_EQ(esme.bind(command_id::bind_transceiver, "sid1"), command_status::ok);

    // Twelve receipts against the session's window of ten: two must wait for answers.
    std::vector<pdu> submits;
    for (int i = 0; i < 12; ++i) submits.push_back(esme.submit(a_message("w" + std::to_string(i), 0x01)));
    esme.send(submits);
    std::vector<pdu> receipts;
    int responses = 0;
    while (responses < 12 || receipts.size() < 10) {
        const auto p = esme.receive();
        ASSERT_TRUE(p) << responses << " responses, " << receipts.size() << " receipts";
        if (p->id == command_id::submit_sm_resp) ++responses;
        else if (p->id == command_id::deliver_sm) receipts.push_back(*p);
        else FAIL() << "unexpected " << name_of(p->id);
    }
    // The window is full: nothing more comes before the answer to our enquire_link.
    esme.send(make_header_only(command_id::enquire_link, esme.next_sequence()));
    EXPECT_TRUE(expect_pdu(esme, command_id::enquire_link_resp));

    for (std::size_t answered = 0; answered < receipts.size(); ++answered) {
        esme.send(pdu{command_id::deliver_sm_resp, command_status::ok, receipts[answered].sequence, sm_resp_body{}});
        if (receipts.size() < 12) {
            const auto next = expect_pdu(esme, command_id::deliver_sm);
            ASSERT_TRUE(next);
            receipts.push_back(*next);
        }
    }
    EXPECT_EQ(receipts.size(), 12u);

    mc.stop();
    answer_unbind(esme);
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(undelivered_count(log), 0u);
}

}  // namespace
}  // namespace smpp::test

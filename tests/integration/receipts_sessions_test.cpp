// Receipts on another session than the message they report on, in the variants real MCs send,
// with MO, a duplicate, a stranger's id and garbage mixed in: played by a hand-driven MC. With
// --threads 2 the two sessions are on two threads, so every receipt crosses to the other one.
#include "traffic_support.hpp"

namespace smpp::test {
namespace {

using namespace traffic_support;

struct fake_session {
    std::unique_ptr<mc_link> link;
    std::uint32_t sequence = 100;

    // Answers the next submit_sm with `id`; false when none came.
    bool accept_submit(const std::string& id) {
        const auto p = link->receive();
        if (!p || p->id != command_id::submit_sm) return false;
        return link->send(pdu{command_id::submit_sm_resp, command_status::ok, p->sequence, sm_resp_body{id}});
    }
    void deliver(sm_body body) { link->send(pdu{command_id::deliver_sm, command_status::ok, ++sequence, std::move(body)}); }
    void receipt_text(const std::string& text, std::uint8_t esm = 0x04) {
        deliver(sm_body{.esm_class = esm, .short_message = text});
    }
    // Counts the deliver_sm_resp until the ESME unbinds, and answers the unbind.
    std::size_t until_unbind() {
        std::size_t answered = 0;
        while (auto p = link->receive(10s)) {
            if (p->id == command_id::deliver_sm_resp && p->status == command_status::ok) ++answered;
            if (p->id == command_id::enquire_link) link->send(make_header_only(command_id::enquire_link_resp, p->sequence));
            if (p->id == command_id::unbind) {
                link->send(make_header_only(command_id::unbind_resp, p->sequence));
                break;
            }
        }
        return answered;
    }
};

class ReceiptsOnAnotherSession : public ::testing::TestWithParam<unsigned> {};

TEST_P(ReceiptsOnAnotherSession, MatchedInEveryVariant) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    std::vector<outgoing_message> messages(4, {.from = "1", .to = "2", .text = "hi", .registered_delivery = 1});
    auto options = run.options(listener.port(), 2, messages);
    options.wait_receipts = 20s;
    options.threads = GetParam();
    running_esme esme(options);

    fake_session a{accept_bound(listener, log, 1)}, b{accept_bound(listener, log, 2)};
    ASSERT_TRUE(a.accept_submit("1A") && a.accept_submit("1B"));
    ASSERT_TRUE(b.accept_submit("2A") && b.accept_submit("2B"));
    // Every thread waits for its receipts by now: they must find their message while it waits.
    ASSERT_TRUE(log.wait_for("esme", "receipt_wait_started", GetParam()));

    const std::string dates = " submit date:2601011200 done date:2601011201";
    // Session a carries the receipts for b's messages, and the noise.
    a.receipt_text("hello from a phone", 0x00);                                  // MO
    a.receipt_text("this is not a receipt at all");                             // unparsable
    a.receipt_text("id:FFFF99 stat:DELIVRD err:000");                            // a stranger's id
    a.receipt_text("id:1A sub:001 dlvrd:000" + dates + " stat:ENROUTE", 0x20);   // intermediate
    a.receipt_text("ID:2A SUB:001 DLVRD:000 SUBMIT DATE:2601011200 DONE DATE:2601011201 STAT:UNDELIV ERR:1234 TEXT:hi");
    a.receipt_text("id:2b" + dates + " stat:DELIVRD err:000 text:hi");          // no sub/dlvrd, lower case id
    // Session b carries a's: TLVs only, a duplicate, then the decimal id with seconds.
    sm_body tlv_only{.esm_class = 0x04};
    set_cstring(tlv_only.tlvs, tag::receipted_message_id, "1B");
    set_message_state(tlv_only.tlvs, message_state::delivered);
    b.deliver(tlv_only);
    b.deliver(tlv_only);
    b.receipt_text("id:26 sub:001 dlvrd:001 submit date:260101120000 done date:260101120059 stat:delivrd err:000");

    EXPECT_EQ(a.until_unbind(), 6u);
    EXPECT_EQ(b.until_unbind(), 3u);
    ASSERT_EQ(esme.wait(), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    const auto& r = run.summary->receipt;
    EXPECT_EQ(r.matched, 4u) << run.summary->to_text();
    EXPECT_EQ(r.missing, 0u);
    EXPECT_EQ(r.intermediate, 1u);
    EXPECT_EQ(r.duplicate, 1u);
    EXPECT_EQ(r.unmatched, 1u);
    EXPECT_EQ(r.unparsable, 1u);
    const std::map<std::string, std::uint64_t> by_state{{"DELIVRD", 3}, {"UNDELIV", 1}};
    EXPECT_EQ(r.by_state, by_state);
    EXPECT_EQ(run.summary->mo_received, 1u);
    EXPECT_EQ(run.summary->receipts, 8u);
    EXPECT_EQ(log.count("esme", "receipt_unparsable"), 1u);

    std::ifstream report(run.report);
    std::size_t with_error = 0, lines = 0;
    for (std::string line; std::getline(report, line); ++lines) {
        EXPECT_FALSE(json_field(line, "receipt_state").empty()) << line;
        if (json_field(line, "receipt_error") == "1234") ++with_error;
    }
    EXPECT_EQ(lines, 4u);
    EXPECT_EQ(with_error, 1u);
}

INSTANTIATE_TEST_SUITE_P(Threads, ReceiptsOnAnotherSession, ::testing::Values(1u, 2u));

}  // namespace
}  // namespace smpp::test

// Encoder refusals and coalescing: what the encoder will not put on the wire, and why.
#include "codec_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::codec_test;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// 5. Encoder refusals and coalescing.

TEST(EncodeRefusals, OverLongFieldsNameTheField) {
    struct refusal {
        const char* what;
        pdu p;
        command_status want;
    };
    const refusal cases[] = {
        {"system_id", bind_pdu({.system_id = std::string(16, 's')}), command_status::invalid_system_id},
        {"password", bind_pdu({.password = std::string(9, 'p')}), command_status::invalid_password},
        {"system_type", bind_pdu({.system_type = std::string(13, 't')}), command_status::invalid_system_type},
        {"outbind password",
         {.id = command_id::outbind, .body = outbind_body{.password = std::string(9, 'p')}},
         command_status::invalid_password},
        {"bind_resp system_id",
         {.id = command_id::bind_receiver_resp, .body = bind_resp_body{.system_id = std::string(16, 's')}},
         command_status::invalid_system_id},
        {"service_type", submit_pdu({.service_type = std::string(6, 'c')}),
         command_status::invalid_service_type},
        {"source_addr", submit_pdu({.source_addr = std::string(21, '1')}),
         command_status::invalid_source_addr},
        {"destination_addr", submit_pdu({.destination_addr = std::string(21, '2')}),
         command_status::invalid_dest_addr},
        {"schedule 15", submit_pdu({.schedule_delivery_time = std::string(15, '0')}),
         command_status::invalid_schedule},
        {"schedule 17", submit_pdu({.schedule_delivery_time = std::string(17, '0')}),
         command_status::invalid_schedule},
        {"validity 1", submit_pdu({.validity_period = "0"}), command_status::invalid_expiry},
        {"validity 17", submit_pdu({.validity_period = std::string(17, '0')}),
         command_status::invalid_expiry},
        {"schedule in month 13", submit_pdu({.schedule_delivery_time = "261324120000000+"}),
         command_status::invalid_schedule},
        {"validity with a letter", submit_pdu({.validity_period = "0000010000000x0R"}),
         command_status::invalid_expiry},
        {"message_id",
         {.id = command_id::submit_sm_resp, .body = sm_resp_body{.message_id = std::string(65, 'i')}},
         command_status::invalid_message_id},
        // A NUL inside a C-string would end it early on the wire and shift every later field.
        {"NUL in source_addr", submit_pdu({.source_addr = "12\0"s + "34"}),
         command_status::invalid_source_addr},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        expect_refused(c.p, c.want);
    }
}

TEST(EncodeRefusals, BodyNotMatchingCommandId) {
    expect_refused({.id = command_id::submit_sm, .body = bind_body{}}, command_status::invalid_cmd_id);
    expect_refused({.id = command_id::deliver_sm, .body = sm_resp_body{}}, command_status::invalid_cmd_id);
    expect_refused({.id = command_id::enquire_link, .body = sm_body{}}, command_status::invalid_cmd_id);
    expect_refused({.id = command_id::outbind, .body = bind_body{}}, command_status::invalid_cmd_id);
    expect_refused({.id = command_id::bind_transmitter}, command_status::invalid_cmd_id);
}

TEST(EncodeRefusals, UnknownCommandId) {
    expect_refused({.id = static_cast<command_id>(0x00000111)}, command_status::invalid_cmd_id);
    expect_refused({.id = static_cast<command_id>(0x80000099), .status = command_status::system_error},
                   command_status::invalid_cmd_id);
}

TEST(EncodeRefusals, ShortMessageOf255Bytes) {
    expect_refused(submit_pdu({.short_message = std::string(255, 'x')}), command_status::invalid_msg_length);
    bytes out;
    EXPECT_EQ(encode(submit_pdu({.short_message = std::string(254, 'x')}), out), command_status::ok);
}

TEST(EncodeRefusals, MessagePayloadWithShortMessage) {
    expect_refused(submit_pdu({.short_message = "Hello", .tlvs = {{tag::message_payload, "abc"}}}),
                   command_status::invalid_msg_length);
}

TEST(EncodeRefusals, OkResponseWithoutBody) {
    // Only a failed response may leave its body out; an ok one owes at least a NUL.
    for (auto id :
         {command_id::bind_transmitter_resp, command_id::bind_receiver_resp,
          command_id::bind_transceiver_resp, command_id::submit_sm_resp, command_id::deliver_sm_resp}) {
        SCOPED_TRACE(::testing::PrintToString(id));
        expect_refused({.id = id, .sequence = 1}, command_status::invalid_cmd_id);
    }
}

TEST(EncodeCoalescing, SecondPduIsAppended) {
    bytes out;
    ASSERT_EQ(encode(make_header_only(command_id::enquire_link, 8), out), command_status::ok);
    ASSERT_EQ(encode({.id = command_id::deliver_sm_resp, .sequence = 7, .body = sm_resp_body{}}, out),
              command_status::ok);
    EXPECT_EQ(to_hex(out), to_hex(hex("00000010 00000015 00000000 00000008"         // enquire_link
                                      "00000011 80000005 00000000 00000007 00")));  // deliver_sm_resp

    const auto first = peek_frame(out);
    ASSERT_EQ(first.status, frame_status::complete);
    ASSERT_EQ(first.length, 16u);
    const auto second = peek_frame(std::span(out).subspan(first.length));
    ASSERT_EQ(second.status, frame_status::complete);
    EXPECT_EQ(second.length, 17u);
}


TEST(EncodeRefusals, NewPdus) {
    struct refusal {
        const char* what;
        pdu p;
        command_status want;
    };
    const auto multi = [](submit_multi_body b) { return pdu{.id = command_id::submit_multi, .body = std::move(b)}; };
    const refusal cases[] = {
        {"no dests", multi({}), command_status::invalid_num_dests},
        {"255 dests", multi({.dest_addresses = std::vector<dest_address>(255, sme_address{})}),
         command_status::invalid_num_dests},
        {"dest address 21", multi({.dest_addresses = {sme_address{1, 1, std::string(21, '2')}}}),
         command_status::invalid_dest_addr},
        {"dl_name 21", multi({.dest_addresses = {distribution_list{std::string(21, 'd')}}}),
         command_status::invalid_dl_name},
        {"multi validity", multi({.dest_addresses = {sme_address{}}, .validity_period = "1"}),
         command_status::invalid_expiry},
        {"multi payload clash",
         multi({.dest_addresses = {sme_address{}}, .short_message = "x", .tlvs = {{tag::message_payload, "y"}}}),
         command_status::invalid_msg_length},
        {"255 unsuccess",
         {.id = command_id::submit_multi_resp,
          .body = submit_multi_resp_body{.unsuccess_smes = std::vector<unsuccess_sme>(255)}},
         command_status::invalid_num_dests},
        {"unsuccess address 21",
         {.id = command_id::submit_multi_resp,
          .body = submit_multi_resp_body{.unsuccess_smes = {{.destination_addr = std::string(21, '2')}}}},
         command_status::invalid_dest_addr},
        {"data_sm source 65",
         {.id = command_id::data_sm, .body = data_sm_body{.source_addr = std::string(65, 's')}},
         command_status::invalid_source_addr},
        {"data_sm known TLV of the wrong length",
         {.id = command_id::data_sm, .body = data_sm_body{.tlvs = {{tag::source_port, "\x01"}}}},
         command_status::invalid_param_length},
        {"query_sm message_id",
         {.id = command_id::query_sm, .body = query_sm_body{.message_id = std::string(65, 'i')}},
         command_status::invalid_message_id},
        {"query_sm_resp final_date",
         {.id = command_id::query_sm_resp, .body = query_sm_resp_body{.final_date = "2401011205"}},
         command_status::invalid_param_length},
        {"cancel_sm destination",
         {.id = command_id::cancel_sm, .body = cancel_sm_body{.destination_addr = std::string(21, '2')}},
         command_status::invalid_dest_addr},
        {"replace_sm short_message",
         {.id = command_id::replace_sm, .body = replace_sm_body{.short_message = std::string(255, 'x')}},
         command_status::invalid_msg_length},
        {"alert esme_addr",
         {.id = command_id::alert_notification, .body = alert_notification_body{.esme_addr = std::string(65, 'e')}},
         command_status::invalid_dest_addr},
        // Bodies that do not belong to the id.
        {"cancel_sm_resp with a body", {.id = command_id::cancel_sm_resp, .body = cancel_sm_body{}},
         command_status::invalid_cmd_id},
        {"replace_sm with submit_sm's body", {.id = command_id::replace_sm, .body = sm_body{}},
         command_status::invalid_cmd_id},
        {"data_sm_resp with sm_resp_body", {.id = command_id::data_sm_resp, .body = sm_resp_body{}},
         command_status::invalid_cmd_id},
        {"ok submit_multi_resp without body", {.id = command_id::submit_multi_resp}, command_status::invalid_cmd_id},
        // alert_notification has no response, so there is no id to send one with.
        {"alert_notification response",
         {.id = static_cast<command_id>(0x80000102), .status = command_status::system_error},
         command_status::invalid_cmd_id},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        expect_refused(c.p, c.want);
    }
}


}  // namespace

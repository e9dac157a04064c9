// Codec vectors written by hand from the spec's field tables (§4), every PDU both ways.
#include "codec_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::codec_test;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// 1. Vectors written by hand from the spec's field tables (§4).

TEST(CodecVectors, BindTransmitter) {
    const pdu p{.id = command_id::bind_transmitter,
                .sequence = 1,
                .body = bind_body{.system_id = "esme1", .password = "secret", .addr_ton = 1, .addr_npi = 1}};
    expect_vector(p, hex("00000022 00000002 00000000 00000001"  // length 34, bind_transmitter, ok, seq 1
                         "65 73 6D 65 31 00"                    // system_id "esme1"
                         "73 65 63 72 65 74 00"                 // password "secret"
                         "00"                                   // system_type ""
                         "34 01 01"                             // interface_version, addr_ton, addr_npi
                         "00"));                                // address_range ""
}

TEST(CodecVectors, BindReceiver) {
    const pdu p{.id = command_id::bind_receiver,
                .sequence = 2,
                .body = bind_body{
                    .system_id = "rx", .password = "pw", .system_type = "VMS", .address_range = "^123"}};
    expect_vector(p, hex("00000022 00000001 00000000 00000002"  // length 34, bind_receiver, ok, seq 2
                         "72 78 00"                             // system_id "rx"
                         "70 77 00"                             // password "pw"
                         "56 4D 53 00"                          // system_type "VMS"
                         "34 00 00"                             // interface_version, addr_ton, addr_npi
                         "5E 31 32 33 00"));                    // address_range "^123"
}

TEST(CodecVectors, BindTransceiver) {
    const pdu p{.id = command_id::bind_transceiver,
                .sequence = 3,
                .body = bind_body{.system_id = "trx", .addr_ton = 2, .addr_npi = 8}};
    expect_vector(p, hex("0000001A 00000009 00000000 00000003"  // length 26, bind_transceiver, ok, seq 3
                         "74 72 78 00"                          // system_id "trx"
                         "00 00"                                // password "", system_type ""
                         "34 02 08"                             // interface_version, addr_ton, addr_npi
                         "00"));                                // address_range ""
}

TEST(CodecVectors, BindTransmitterResp) {
    const pdu ok{.id = command_id::bind_transmitter_resp,
                 .sequence = 1,
                 .body = bind_resp_body{.system_id = "SMSC", .tlvs = {{tag::sc_interface_version, "\x34"}}}};
    expect_vector(ok, hex("0000001A 80000002 00000000 00000001"  // length 26, bind_transmitter_resp, ok
                          "53 4D 53 43 00"                       // system_id "SMSC"
                          "0210 0001 34"));                      // sc_interface_version = 0x34
    // §4.1.2: no body when command_status is not ok.
    const pdu failed{
        .id = command_id::bind_transmitter_resp, .status = command_status::bind_failed, .sequence = 1};
    expect_vector(failed, hex("00000010 80000002 0000000D 00000001"));  // ESME_RBINDFAIL
}

TEST(CodecVectors, BindReceiverResp) {
    const pdu ok{.id = command_id::bind_receiver_resp,
                 .sequence = 2,
                 .body = bind_resp_body{.system_id = "SMSC", .tlvs = {{tag::sc_interface_version, "\x34"}}}};
    expect_vector(ok, hex("0000001A 80000001 00000000 00000002"  // length 26, bind_receiver_resp, ok
                          "53 4D 53 43 00"                       // system_id "SMSC"
                          "0210 0001 34"));                      // sc_interface_version = 0x34
    const pdu failed{
        .id = command_id::bind_receiver_resp, .status = command_status::invalid_password, .sequence = 2};
    expect_vector(failed, hex("00000010 80000001 0000000E 00000002"));  // ESME_RINVPASWD
}

TEST(CodecVectors, BindTransceiverResp) {
    const pdu ok{.id = command_id::bind_transceiver_resp,
                 .sequence = 3,
                 .body = bind_resp_body{.system_id = "SMSC", .tlvs = {{tag::sc_interface_version, "\x34"}}}};
    expect_vector(ok, hex("0000001A 80000009 00000000 00000003"  // length 26, bind_transceiver_resp, ok
                          "53 4D 53 43 00"                       // system_id "SMSC"
                          "0210 0001 34"));                      // sc_interface_version = 0x34
    const pdu failed{
        .id = command_id::bind_transceiver_resp, .status = command_status::invalid_system_id, .sequence = 3};
    expect_vector(failed, hex("00000010 80000009 0000000F 00000003"));  // ESME_RINVSYSID
}

TEST(CodecVectors, Outbind) {
    const pdu p{.id = command_id::outbind,
                .sequence = 4,
                .body = outbind_body{.system_id = "SMSC", .password = "pw"}};
    expect_vector(p, hex("00000018 0000000B 00000000 00000004"  // length 24, outbind, ok, seq 4
                         "53 4D 53 43 00"                       // system_id "SMSC"
                         "70 77 00"));                          // password "pw"
}

TEST(CodecVectors, Unbind) {
    expect_vector(make_header_only(command_id::unbind, 5), hex("00000010 00000006 00000000 00000005"));
}

TEST(CodecVectors, UnbindResp) {
    expect_vector(make_header_only(command_id::unbind_resp, 5), hex("00000010 80000006 00000000 00000005"));
}

TEST(CodecVectors, EnquireLink) {
    // Highest legal sequence_number (§5.1.4).
    expect_vector(make_header_only(command_id::enquire_link, 0x7FFFFFFF),
                  hex("00000010 00000015 00000000 7FFFFFFF"));
}

TEST(CodecVectors, EnquireLinkResp) {
    expect_vector(make_header_only(command_id::enquire_link_resp, 0x7FFFFFFF),
                  hex("00000010 80000015 00000000 7FFFFFFF"));
}

TEST(CodecVectors, GenericNack) {
    expect_vector(make_header_only(command_id::generic_nack, 9, command_status::invalid_cmd_id),
                  hex("00000010 80000000 00000003 00000009"));  // ESME_RINVCMDID
}

TEST(CodecVectors, SubmitSm) {
    const pdu p{.id = command_id::submit_sm,
                .sequence = 6,
                .body = sm_body{.source_addr_ton = 5,
                                .source_addr = "Info",
                                .dest_addr_ton = 1,
                                .dest_addr_npi = 1,
                                .destination_addr = "447700900123",
                                .validity_period = "000001000000000R",
                                .registered_delivery = 1,
                                .short_message = "Hello",
                                .tlvs = {{0x1403, "\xAB\xCD"}}}};
    expect_vector(p,
                  hex("0000004C 00000004 00000000 00000006"           // length 76, submit_sm, ok, seq 6
                      "00"                                            // service_type ""
                      "05 00 49 6E 66 6F 00"                          // source ton, npi, "Info"
                      "01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"  // dest ton, npi, "447700900123"
                      "00 00 00"                                      // esm_class, protocol_id, priority_flag
                      "00"                                            // schedule_delivery_time ""
                      "30 30 30 30 30 31 30 30 30 30 30 30 30 30 30 52 00"  // validity "000001000000000R"
                      "01 00 00 00"  // registered_delivery, replace_if_present, data_coding, default_msg_id
                      "05 48 65 6C 6C 6F"   // sm_length 5, "Hello"
                      "1403 0002 AB CD"));  // vendor TLV the codec does not know, kept
}

TEST(CodecVectors, SubmitSmResp) {
    const pdu p{
        .id = command_id::submit_sm_resp, .sequence = 6, .body = sm_resp_body{.message_id = "1a2b3c"}};
    expect_vector(p, hex("00000017 80000004 00000000 00000006"  // length 23, submit_sm_resp, ok, seq 6
                         "31 61 32 62 33 63 00"));              // message_id "1a2b3c"
}

TEST(CodecVectors, DeliverSm) {
    const pdu p{
        .id = command_id::deliver_sm,
        .sequence = 7,
        .body = sm_body{.source_addr_ton = 1,
                        .source_addr_npi = 1,
                        .source_addr = "447700900123",
                        .dest_addr_ton = 5,
                        .destination_addr = "Info",
                        .esm_class = 0x04,
                        .tlvs = {{tag::receipted_message_id, "1a2b3c\0"s}, {tag::message_state, "\x02"}}}};
    expect_vector(p,
                  hex("00000041 00000005 00000000 00000007"           // length 65, deliver_sm, ok, seq 7
                      "00"                                            // service_type ""
                      "01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"  // source ton, npi, "447700900123"
                      "05 00 49 6E 66 6F 00"                          // dest ton, npi, "Info"
                      "04 00 00"     // esm_class (receipt), protocol_id, priority
                      "00 00"        // schedule_delivery_time, validity_period
                      "00 00 00 00"  // registered_delivery, replace_if_present, data_coding, default_msg_id
                      "00"           // sm_length 0
                      "001E 0007 31 61 32 62 33 63 00"  // receipted_message_id "1a2b3c" (C-string)
                      "0427 0001 02"));                 // message_state DELIVERED
}

TEST(CodecVectors, DeliverSmResp) {
    // §4.6.2: message_id is unused and sent as a single NUL.
    const pdu p{.id = command_id::deliver_sm_resp, .sequence = 7, .body = sm_resp_body{}};
    expect_vector(p, hex("00000011 80000005 00000000 00000007"  // length 17, deliver_sm_resp, ok, seq 7
                         "00"));                                // message_id ""
}


// ---------------------------------------------------------------------------------------------
// 8. The rest of SMPP 3.4: submit_multi, data_sm, query_sm, cancel_sm, replace_sm,
//    alert_notification and their responses.

TEST(CodecVectors, SubmitMulti) {
    const pdu p{.id = command_id::submit_multi,
                .sequence = 8,
                .body = submit_multi_body{.source_addr_ton = 5,
                                          .source_addr = "Info",
                                          .dest_addresses = {sme_address{1, 1, "447700900123"},
                                                             distribution_list{"friends"}},
                                          .registered_delivery = 1,
                                          .short_message = "Hi"}};
    expect_vector(p, hex("0000003E 00000021 00000000 00000008"  // length 62, submit_multi, ok, seq 8
                         "00"                                   // service_type ""
                         "05 00 49 6E 66 6F 00"                 // source ton, npi, "Info"
                         "02"                                   // number_of_dests
                         "01 01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"  // flag 1 (SME), ton, npi, address
                         "02 66 72 69 65 6E 64 73 00"           // flag 2 (list), dl_name "friends"
                         "00 00 00"                             // esm_class, protocol_id, priority_flag
                         "00 00"                                // schedule_delivery_time, validity_period
                         "01 00 00 00"  // registered_delivery, replace_if_present, data_coding, default_msg_id
                         "02 48 69"));  // sm_length 2, "Hi"
}

TEST(CodecVectors, SubmitMultiResp) {
    const pdu p{.id = command_id::submit_multi_resp,
                .sequence = 8,
                .body = submit_multi_resp_body{
                    .message_id = "1a2b3c",
                    .unsuccess_smes = {{1, 1, "447700900124", command_status::invalid_dest_addr}}}};
    expect_vector(p, hex("0000002B 80000021 00000000 00000008"          // length 43, submit_multi_resp, ok
                         "31 61 32 62 33 63 00"                         // message_id "1a2b3c"
                         "01"                                           // no_unsuccess
                         "01 01 34 34 37 37 30 30 39 30 30 31 32 34 00"  // ton, npi, "447700900124"
                         "0000000B"));                                  // error_status_code ESME_RINVDSTADR
}

TEST(CodecVectors, DataSm) {
    const pdu p{.id = command_id::data_sm,
                .sequence = 9,
                .body = data_sm_body{.source_addr_ton = 5,
                                     .source_addr = "Info",
                                     .dest_addr_ton = 1,
                                     .dest_addr_npi = 1,
                                     .destination_addr = "447700900123",
                                     .registered_delivery = 1,
                                     .tlvs = {{tag::message_payload, "Hello"}, {tag::destination_port, "\x0B\x84"}}}};
    expect_vector(p, hex("00000039 00000103 00000000 00000009"           // length 57, data_sm, ok, seq 9
                         "00"                                            // service_type ""
                         "05 00 49 6E 66 6F 00"                          // source ton, npi, "Info"
                         "01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"  // dest ton, npi, "447700900123"
                         "00 01 00"                  // esm_class, registered_delivery, data_coding
                         "0424 0005 48 65 6C 6C 6F"  // message_payload "Hello"
                         "020B 0002 0B 84"));        // destination_port 2948 (WAP push)
}

TEST(CodecVectors, DataSmResp) {
    const pdu ok{.id = command_id::data_sm_resp, .sequence = 9, .body = data_sm_resp_body{.message_id = "1a2b3c"}};
    expect_vector(ok, hex("00000017 80000103 00000000 00000009"  // length 23, data_sm_resp, ok, seq 9
                          "31 61 32 62 33 63 00"));              // message_id "1a2b3c"
    // A failed data_sm_resp may still say why in TLVs (§4.7.2).
    const pdu failed{.id = command_id::data_sm_resp,
                     .status = command_status::delivery_failure,
                     .sequence = 9,
                     .body = data_sm_resp_body{.tlvs = {{tag::delivery_failure_reason, "\x00"s}}}};
    expect_vector(failed, hex("00000016 80000103 000000FE 00000009"  // length 22, ESME_RDELIVERYFAILURE
                              "00"                                   // message_id ""
                              "0425 0001 00"));                      // delivery_failure_reason 0
}

TEST(CodecVectors, QuerySm) {
    const pdu p{.id = command_id::query_sm,
                .sequence = 10,
                .body = query_sm_body{.message_id = "1a2b3c", .source_addr_ton = 5, .source_addr = "Info"}};
    expect_vector(p, hex("0000001E 00000003 00000000 0000000A"  // length 30, query_sm, ok, seq 10
                         "31 61 32 62 33 63 00"                 // message_id "1a2b3c"
                         "05 00 49 6E 66 6F 00"));              // source ton, npi, "Info"
}

TEST(CodecVectors, QuerySmResp) {
    const pdu p{.id = command_id::query_sm_resp,
                .sequence = 10,
                .body = query_sm_resp_body{.message_id = "1a2b3c",
                                           .final_date = "240101120500000+",
                                           .message_state = static_cast<std::uint8_t>(message_state::delivered)}};
    expect_vector(p, hex("0000002A 80000003 00000000 0000000A"  // length 42, query_sm_resp, ok, seq 10
                         "31 61 32 62 33 63 00"                 // message_id "1a2b3c"
                         "32 34 30 31 30 31 31 32 30 35 30 30 30 30 30 2B 00"  // final_date
                         "02 00"));  // message_state DELIVERED, error_code 0
}

TEST(CodecVectors, CancelSm) {
    const pdu p{.id = command_id::cancel_sm,
                .sequence = 11,
                .body = cancel_sm_body{.message_id = "1a2b3c",
                                       .source_addr_ton = 5,
                                       .source_addr = "Info",
                                       .dest_addr_ton = 1,
                                       .dest_addr_npi = 1,
                                       .destination_addr = "447700900123"}};
    expect_vector(p, hex("0000002E 00000008 00000000 0000000B"             // length 46, cancel_sm, ok, seq 11
                         "00"                                              // service_type ""
                         "31 61 32 62 33 63 00"                            // message_id "1a2b3c"
                         "05 00 49 6E 66 6F 00"                            // source ton, npi, "Info"
                         "01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"));  // dest ton, npi, "447700900123"
}

TEST(CodecVectors, CancelSmResp) {
    expect_vector(make_header_only(command_id::cancel_sm_resp, 11), hex("00000010 80000008 00000000 0000000B"));
    expect_vector(make_header_only(command_id::cancel_sm_resp, 11, command_status::cancel_failed),
                  hex("00000010 80000008 00000011 0000000B"));  // ESME_RCANCELFAIL
}

TEST(CodecVectors, ReplaceSm) {
    const pdu p{.id = command_id::replace_sm,
                .sequence = 12,
                .body = replace_sm_body{.message_id = "1a2b3c",
                                        .source_addr_ton = 5,
                                        .source_addr = "Info",
                                        .validity_period = "000002000000000R",
                                        .registered_delivery = 1,
                                        .short_message = "Bye"}};
    expect_vector(p, hex("00000036 00000007 00000000 0000000C"  // length 54, replace_sm, ok, seq 12
                         "31 61 32 62 33 63 00"                 // message_id "1a2b3c"
                         "05 00 49 6E 66 6F 00"                 // source ton, npi, "Info"
                         "00"                                   // schedule_delivery_time ""
                         "30 30 30 30 30 32 30 30 30 30 30 30 30 30 30 52 00"  // validity "000002000000000R"
                         "01 00"           // registered_delivery, sm_default_msg_id
                         "03 42 79 65"));  // sm_length 3, "Bye"
}

TEST(CodecVectors, ReplaceSmResp) {
    expect_vector(make_header_only(command_id::replace_sm_resp, 12), hex("00000010 80000007 00000000 0000000C"));
    expect_vector(make_header_only(command_id::replace_sm_resp, 12, command_status::replace_failed),
                  hex("00000010 80000007 00000013 0000000C"));  // ESME_RREPLACEFAIL
}

TEST(CodecVectors, AlertNotification) {
    const pdu p{.id = command_id::alert_notification,
                .sequence = 13,
                .body = alert_notification_body{.source_addr_ton = 1,
                                                .source_addr_npi = 1,
                                                .source_addr = "447700900123",
                                                .esme_addr_npi = 0x0E,
                                                .esme_addr = "10.0.0.1",
                                                .tlvs = {{0x0422, "\x00"s}}}};
    expect_vector(p, hex("0000002F 00000102 00000000 0000000D"           // length 47, alert_notification
                         "01 01 34 34 37 37 30 30 39 30 30 31 32 33 00"  // source ton, npi, "447700900123"
                         "00 0E 31 30 2E 30 2E 30 2E 31 00"              // esme ton, npi (IP), "10.0.0.1"
                         "0422 0001 00"));                               // ms_availability_status available
}

TEST(CodecIds, NamesAndResponses) {
    struct row {
        command_id request;
        std::string_view name;
        std::string_view response_name;
    };
    const row rows[] = {
        {command_id::query_sm, "query_sm", "query_sm_resp"},
        {command_id::replace_sm, "replace_sm", "replace_sm_resp"},
        {command_id::cancel_sm, "cancel_sm", "cancel_sm_resp"},
        {command_id::submit_multi, "submit_multi", "submit_multi_resp"},
        {command_id::data_sm, "data_sm", "data_sm_resp"},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(name_of(r.request), r.name);
        EXPECT_EQ(name_of(response_of(r.request)), r.response_name);
        EXPECT_TRUE(expects_response(r.request)) << r.name;
    }
    EXPECT_EQ(name_of(command_id::alert_notification), "alert_notification");
    // Neither outbind nor alert_notification is ever answered: their "responses" do not exist.
    EXPECT_FALSE(expects_response(command_id::alert_notification));
    EXPECT_FALSE(expects_response(command_id::outbind));
    EXPECT_FALSE(is_known(0x80000102));
    EXPECT_FALSE(is_known(0x8000000B));
}

TEST(CodecIds, NewStatusNames) {
    EXPECT_EQ(name_of(command_status::invalid_num_dests), "ESME_RINVNUMDESTS");
    EXPECT_EQ(name_of(command_status::invalid_dl_name), "ESME_RINVDLNAME");
    EXPECT_EQ(name_of(command_status::invalid_dest_flag), "ESME_RINVDESTFLAG");
    EXPECT_EQ(name_of(command_status::cancel_failed), "ESME_RCANCELFAIL");
    EXPECT_EQ(name_of(command_status::replace_failed), "ESME_RREPLACEFAIL");
    EXPECT_EQ(name_of(command_status::query_failed), "ESME_RQUERYFAIL");
    EXPECT_EQ(name_of(command_status::optional_not_allowed), "ESME_ROPTPARNOTALLWD");
    EXPECT_EQ(name_of(command_status::missing_optional), "ESME_RMISSINGOPTPARAM");
    EXPECT_EQ(name_of(command_status::invalid_optional_value), "ESME_RINVOPTPARAMVAL");
    EXPECT_EQ(name_of(command_status::delivery_failure), "ESME_RDELIVERYFAILURE");
    EXPECT_EQ(static_cast<std::uint32_t>(command_status::invalid_num_dests), 0x33u);
    EXPECT_EQ(static_cast<std::uint32_t>(command_status::invalid_dl_name), 0x34u);
    EXPECT_EQ(static_cast<std::uint32_t>(command_status::invalid_dest_flag), 0x40u);
    EXPECT_EQ(static_cast<std::uint32_t>(command_status::query_failed), 0x67u);
    EXPECT_EQ(static_cast<std::uint32_t>(command_status::delivery_failure), 0xFEu);
}

}  // namespace

// Unit tests for describe(): every mandatory field by its SMPP name, TLVs by name, texts decoded,
// binary shown as hex, and a bind's password never shown.
#include <gtest/gtest.h>

#include <string>

#include "smpp/codec/codec.hpp"
#include "smpp/codec/describe.hpp"

namespace smpp {
namespace {

std::string value_of(const std::vector<described_field>& fields, std::string_view name) {
    for (const auto& f : fields)
        if (f.name == name) return f.value;
    return "<absent>";
}

TEST(Describe, BindHidesThePassword) {
    const pdu p{command_id::bind_transceiver, command_status::ok, 1,
                bind_body{.system_id = "sid", .password = "secret", .system_type = "t", .addr_ton = 1}};
    const auto d = describe(p);
    EXPECT_EQ(value_of(d.fields, "system_id"), "sid");
    EXPECT_EQ(value_of(d.fields, "password"), "***");
    EXPECT_EQ(value_of(d.fields, "interface_version"), "0x34");
    EXPECT_EQ(value_of(d.fields, "addr_ton"), "1");
    for (const auto& f : d.fields) EXPECT_EQ(f.value.find("secret"), std::string::npos) << f.name;
}

TEST(Describe, OutbindHidesThePassword) {
    const auto d = describe(pdu{command_id::outbind, command_status::ok, 1, outbind_body{"sid", "secret"}});
    EXPECT_EQ(value_of(d.fields, "password"), "***");
}

TEST(Describe, SubmitSmEveryFieldInWireOrder) {
    sm_body b{.service_type = "CMT", .source_addr_ton = 5, .source_addr_npi = 0, .source_addr = "Shop",
              .dest_addr_ton = 1, .dest_addr_npi = 1, .destination_addr = "4477", .esm_class = 0,
              .registered_delivery = 1, .data_coding = 8, .short_message = std::string("\x00\xE9\x20\xAC", 4)};
    const auto d = describe(pdu{command_id::submit_sm, command_status::ok, 2, b});
    std::vector<std::string> names;
    for (const auto& f : d.fields) names.push_back(f.name);
    EXPECT_EQ(names, (std::vector<std::string>{
                         "service_type", "source_addr_ton", "source_addr_npi", "source_addr", "dest_addr_ton",
                         "dest_addr_npi", "destination_addr", "esm_class", "protocol_id", "priority_flag",
                         "schedule_delivery_time", "validity_period", "registered_delivery",
                         "replace_if_present_flag", "data_coding", "sm_default_msg_id", "sm_length", "short_message"}));
    EXPECT_EQ(value_of(d.fields, "short_message"), "é€");
    EXPECT_EQ(value_of(d.fields, "sm_length"), "4");
    EXPECT_TRUE(d.fields[1].number);
    EXPECT_FALSE(d.fields[0].number);
}

TEST(Describe, UdhApartAndBinaryAsHex) {
    sm_body b{.esm_class = 0x40, .data_coding = 0x04, .short_message = std::string("\x05\x00\x03\x07\x02\x01\xFF\x00", 8)};
    const auto d = describe(pdu{command_id::deliver_sm, command_status::ok, 3, b});
    EXPECT_EQ(value_of(d.fields, "udh"), "050003070201");
    EXPECT_EQ(value_of(d.fields, "short_message_hex"), "ff00");
    EXPECT_EQ(value_of(d.fields, "short_message"), "<absent>");
}

TEST(Describe, TlvsByNameAndType) {
    sm_body b{.esm_class = 0x04};
    set_cstring(b.tlvs, tag::receipted_message_id, "abc");
    set_message_state(b.tlvs, message_state::delivered);
    set_network_error_code(b.tlvs, {3, 258});
    set_u16(b.tlvs, tag::sar_msg_ref_num, 513);
    set_octets(b.tlvs, 0x1401, "\x01\x02");
    set_octets(b.tlvs, tag::message_state, "\x01\x02");  // typed by its length, not by the table
    const auto t = describe(pdu{command_id::deliver_sm, command_status::ok, 4, b}).tlvs;
    EXPECT_EQ(value_of(t, "receipted_message_id"), "abc");
    EXPECT_EQ(value_of(t, "network_error_code"), "3:258");
    EXPECT_EQ(value_of(t, "sar_msg_ref_num"), "513");
    EXPECT_EQ(value_of(t, "tlv_0x1401"), "0102");
    EXPECT_EQ(value_of(t, "message_state"), "258");
}

TEST(Describe, MismatchedTlvLengthIsHex) {
    tlv_list t;
    set_octets(t, tag::receipted_message_id, "no-nul");
    set_octets(t, tag::sar_total_segments, "\x01\x02\x03");
    const auto d = describe_tlvs(t, 0);
    EXPECT_EQ(value_of(d, "receipted_message_id_hex"), "6e6f2d6e756c");
    EXPECT_EQ(value_of(d, "sar_total_segments_hex"), "010203");
}

TEST(Describe, DataSmPayloadDecodedWithItsCoding) {
    data_sm_body b{.source_addr = "1", .destination_addr = "2", .data_coding = 3};
    set_octets(b.tlvs, tag::message_payload, "caf\xE9");
    const auto d = describe(pdu{command_id::data_sm, command_status::ok, 5, b});
    EXPECT_EQ(value_of(d.tlvs, "message_payload"), "café");
}

TEST(Describe, CStringsStayValidUtf8) {
    const auto d = describe(pdu{command_id::submit_sm_resp, command_status::ok, 6, sm_resp_body{"id\xFF"}});
    EXPECT_EQ(value_of(d.fields, "message_id"), "idÿ");
}

TEST(Describe, SubmitMultiListsItsDestinations) {
    submit_multi_body b{.dest_addresses = {sme_address{1, 1, "44"}, distribution_list{"friends"}}};
    const auto d = describe(pdu{command_id::submit_multi, command_status::ok, 7, b});
    EXPECT_EQ(value_of(d.fields, "number_of_dests"), "2");
    EXPECT_EQ(value_of(d.fields, "dest_addresses"), "1/1/44 list:friends");
}

TEST(Describe, HeaderOnlyHasNoFields) {
    const auto d = describe(make_header_only(command_id::enquire_link, 9));
    EXPECT_TRUE(d.fields.empty());
    EXPECT_TRUE(d.tlvs.empty());
}

}  // namespace
}  // namespace smpp

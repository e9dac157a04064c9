// Decoder refusals of submit_multi, data_sm, query_sm, cancel_sm, replace_sm and alert_notification.
#include "codec_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::codec_test;
using namespace std::string_literals;

// Frames for the error tests of the new PDUs, built like submit_sm_frame above.

// Just the octets a writer holds, for list entries spliced into a larger frame.
bytes octets_of(const wire_writer& w) {
    const bytes frame = w.frame(command_id::generic_nack, 0);
    return bytes(frame.begin() + header_size, frame.end());
}

// The dest_address entries alone (without the header wire_writer::frame adds).
bytes dest_entries(std::size_t n) {
    bytes out;
    for (std::size_t i = 0; i < n; ++i) out.insert(out.end(), {1, 1, 1, '7', 0});  // flag 1, ton, npi, "7"
    return out;
}

struct multi_fields {
    std::string source_addr = "Info";
    std::uint8_t number_of_dests = 2;
    bytes dests = hex("01 01 01 37 00"        // SME "7"
                      "02 66 72 69 65 6E 64 73 00");  // list "friends"
    std::uint8_t sm_length = 2;
    std::string message = "Hi";
    bytes tail;
};

bytes submit_multi_frame(const multi_fields& f) {
    return wire_writer{}
        .cstr("")  // service_type
        .u8(5)     // source_addr_ton
        .u8(0)     // source_addr_npi
        .cstr(f.source_addr)
        .u8(f.number_of_dests)
        .raw(f.dests)
        .u8(0)    // esm_class
        .u8(0)    // protocol_id
        .u8(0)    // priority_flag
        .cstr("")  // schedule_delivery_time
        .cstr("")  // validity_period
        .u8(0)    // registered_delivery
        .u8(0)    // replace_if_present_flag
        .u8(0)    // data_coding
        .u8(0)    // sm_default_msg_id
        .u8(f.sm_length)
        .raw(f.message)
        .raw(f.tail)
        .frame(command_id::submit_multi, 8);
}

bytes data_sm_frame(std::string_view source, std::string_view dest, const bytes& tlvs = {}) {
    return wire_writer{}
        .cstr("")  // service_type
        .u8(1).u8(1).cstr(source)
        .u8(1).u8(1).cstr(dest)
        .u8(0).u8(0).u8(0)  // esm_class, registered_delivery, data_coding
        .raw(tlvs)
        .frame(command_id::data_sm, 9);
}

bytes query_sm_frame(std::string_view message_id, std::string_view source) {
    return wire_writer{}.cstr(message_id).u8(5).u8(0).cstr(source).frame(command_id::query_sm, 10);
}

bytes query_sm_resp_frame(std::string_view message_id, std::string_view final_date) {
    return wire_writer{}.cstr(message_id).cstr(final_date).u8(2).u8(0).frame(command_id::query_sm_resp, 10);
}

struct cancel_fields {
    std::string service_type;
    std::string message_id = "1a2b3c";
    std::string source_addr = "Info";
    std::string destination_addr = "447700900123";
};

bytes cancel_sm_frame(const cancel_fields& f) {
    return wire_writer{}
        .cstr(f.service_type)
        .cstr(f.message_id)
        .u8(5).u8(0).cstr(f.source_addr)
        .u8(1).u8(1).cstr(f.destination_addr)
        .frame(command_id::cancel_sm, 11);
}

struct replace_fields {
    std::string message_id = "1a2b3c";
    std::string source_addr = "Info";
    std::string schedule;
    std::string validity;
    std::uint8_t sm_length = 3;
    std::string message = "Bye";
};

bytes replace_sm_frame(const replace_fields& f) {
    return wire_writer{}
        .cstr(f.message_id)
        .u8(5).u8(0).cstr(f.source_addr)
        .cstr(f.schedule)
        .cstr(f.validity)
        .u8(1)  // registered_delivery
        .u8(0)  // sm_default_msg_id
        .u8(f.sm_length)
        .raw(f.message)
        .frame(command_id::replace_sm, 12);
}

bytes multi_resp_frame(std::string_view message_id, std::uint8_t no_unsuccess, const bytes& entries) {
    return wire_writer{}.cstr(message_id).u8(no_unsuccess).raw(entries).frame(command_id::submit_multi_resp, 8);
}

bytes alert_frame(std::string_view source, std::string_view esme_addr) {
    return wire_writer{}.u8(1).u8(1).cstr(source).u8(0).u8(0x0E).cstr(esme_addr).frame(
        command_id::alert_notification, 13);
}

TEST(DecodeErrors, NumberOfDestsOutsideOneTo254) {
    expect_decode_status(submit_multi_frame({.number_of_dests = 0, .dests = {}}), command_status::invalid_num_dests);
    // All 255 entries are there and well-formed: only the count is wrong.
    expect_decode_status(submit_multi_frame({.number_of_dests = 255, .dests = dest_entries(255)}),
                         command_status::invalid_num_dests);
    pdu p;
    ASSERT_EQ(decode(submit_multi_frame({.number_of_dests = 254, .dests = dest_entries(254)}), p).status,
              command_status::ok);
    EXPECT_EQ(std::get<submit_multi_body>(p.body).dest_addresses.size(), 254u);
    ASSERT_EQ(decode(submit_multi_frame({.number_of_dests = 1, .dests = dest_entries(1)}), p).status,
              command_status::ok);
}

TEST(DecodeErrors, DestFlagOtherThanSmeOrList) {
    for (std::uint8_t flag : {0, 3, 0xFF}) {
        SCOPED_TRACE(static_cast<int>(flag));
        expect_decode_status(submit_multi_frame({.number_of_dests = 1, .dests = {flag, 1, 1, '7', 0}}),
                             command_status::invalid_dest_flag);
    }
    // The second entry is the broken one.
    expect_decode_status(submit_multi_frame({.dests = hex("01 01 01 37 00  04 37 00")}),
                         command_status::invalid_dest_flag);
}

TEST(DecodeErrors, NoUnsuccessAbove254) {
    bytes entries;
    for (int i = 0; i < 255; ++i) entries.insert(entries.end(), {1, 1, '7', 0, 0, 0, 0, 0x0B});
    expect_decode_status(multi_resp_frame("m", 255, entries), command_status::invalid_num_dests);
    pdu p;
    EXPECT_EQ(decode(multi_resp_frame("m", 254, bytes(entries.begin(), entries.end() - 8)), p).status,
              command_status::ok);
    EXPECT_EQ(decode(multi_resp_frame("m", 0, {}), p).status, command_status::ok);
}

TEST(DecodeErrors, NewPdusOverLongFieldsNameTheField) {
    const bad_frame cases[] = {
        {"submit_multi source_addr", submit_multi_frame({.source_addr = std::string(21, '1')}),
         command_status::invalid_source_addr},
        {"submit_multi destination_addr",
         submit_multi_frame(
             {.number_of_dests = 1, .dests = octets_of(wire_writer{}.u8(1).u8(1).u8(1).cstr(std::string(21, '2')))}),
         command_status::invalid_dest_addr},
        {"submit_multi dl_name",
         submit_multi_frame({.number_of_dests = 1, .dests = octets_of(wire_writer{}.u8(2).cstr(std::string(21, 'd')))}),
         command_status::invalid_dl_name},
        {"submit_multi sm_length 255",
         submit_multi_frame({.sm_length = 255, .message = std::string(255, 'x')}),
         command_status::invalid_msg_length},
        {"submit_multi_resp message_id", multi_resp_frame(std::string(65, 'i'), 0, {}),
         command_status::invalid_message_id},
        {"submit_multi_resp destination_addr",
         multi_resp_frame("m", 1, octets_of(wire_writer{}.u8(1).u8(1).cstr(std::string(21, '2')).raw(hex("0000000B")))),
         command_status::invalid_dest_addr},
        {"data_sm source_addr", data_sm_frame(std::string(65, 's'), "d"), command_status::invalid_source_addr},
        {"data_sm destination_addr", data_sm_frame("s", std::string(65, 'd')), command_status::invalid_dest_addr},
        {"data_sm_resp message_id",
         wire_writer{}.cstr(std::string(65, 'i')).frame(command_id::data_sm_resp, 9),
         command_status::invalid_message_id},
        {"query_sm message_id", query_sm_frame(std::string(65, 'i'), "Info"), command_status::invalid_message_id},
        {"query_sm source_addr", query_sm_frame("1a2b3c", std::string(21, '1')), command_status::invalid_source_addr},
        {"query_sm_resp message_id", query_sm_resp_frame(std::string(65, 'i'), ""),
         command_status::invalid_message_id},
        {"query_sm_resp final_date 15", query_sm_resp_frame("m", std::string(15, '0')),
         command_status::invalid_param_length},
        {"query_sm_resp final_date 17", query_sm_resp_frame("m", std::string(17, '0')),
         command_status::invalid_param_length},
        {"cancel_sm service_type", cancel_sm_frame({.service_type = std::string(6, 'c')}),
         command_status::invalid_service_type},
        {"cancel_sm message_id", cancel_sm_frame({.message_id = std::string(65, 'i')}),
         command_status::invalid_message_id},
        {"cancel_sm source_addr", cancel_sm_frame({.source_addr = std::string(21, '1')}),
         command_status::invalid_source_addr},
        {"cancel_sm destination_addr", cancel_sm_frame({.destination_addr = std::string(21, '2')}),
         command_status::invalid_dest_addr},
        {"replace_sm message_id", replace_sm_frame({.message_id = std::string(65, 'i')}),
         command_status::invalid_message_id},
        {"replace_sm source_addr", replace_sm_frame({.source_addr = std::string(21, '1')}),
         command_status::invalid_source_addr},
        {"replace_sm schedule", replace_sm_frame({.schedule = std::string(15, '0')}),
         command_status::invalid_schedule},
        {"replace_sm validity", replace_sm_frame({.validity = std::string(17, '0')}),
         command_status::invalid_expiry},
        {"replace_sm sm_length 255", replace_sm_frame({.sm_length = 255, .message = std::string(255, 'x')}),
         command_status::invalid_msg_length},
        {"replace_sm sm_length past the body", replace_sm_frame({.sm_length = 4}),
         command_status::invalid_msg_length},
        {"alert_notification source_addr", alert_frame(std::string(65, 's'), "e"),
         command_status::invalid_source_addr},
        {"alert_notification esme_addr", alert_frame("s", std::string(65, 'e')), command_status::invalid_dest_addr},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        expect_decode_status(c.wire, c.want);
    }
}

TEST(DecodeErrors, NewPdusFieldsAtTheirLimitAreAccepted) {
    const bytes cases[] = {
        submit_multi_frame({.source_addr = std::string(20, '1'),
                            .number_of_dests = 2,
                            .dests = octets_of(wire_writer{}
                                                   .u8(1).u8(1).u8(1).cstr(std::string(20, '2'))  // SME
                                                   .u8(2).cstr(std::string(20, 'd')))}),           // list
        // data_sm and alert_notification take the 64-character addresses submit_sm refuses.
        data_sm_frame(std::string(64, 's'), std::string(64, 'd')),
        alert_frame(std::string(64, 's'), std::string(64, 'e')),
        query_sm_frame(std::string(64, 'i'), std::string(20, '1')),
        query_sm_resp_frame(std::string(64, 'i'), "240101120500000+"),
        cancel_sm_frame({.service_type = std::string(5, 'c'),
                         .message_id = std::string(64, 'i'),
                         .source_addr = std::string(20, '1'),
                         .destination_addr = std::string(20, '2')}),
        replace_sm_frame({.message_id = std::string(64, 'i'),
                          .source_addr = std::string(20, '1'),
                          .schedule = "240101120000000+",
                          .validity = "000001000000000R",
                          .sm_length = 254,
                          .message = std::string(254, 'x')}),
    };
    for (const auto& wire : cases) {
        pdu p;
        EXPECT_EQ(decode(wire, p).status, command_status::ok) << to_hex(wire);
    }
}

TEST(DecodeErrors, NewPdusTruncatedBody) {
    // Bodies whose last field is mandatory (or whose TLVs are left out), so that every cut
    // leaves a field unfinished.
    const bytes frames[] = {
        submit_multi_frame({.sm_length = 0, .message = ""}),
        multi_resp_frame("m", 1, hex("01 01 37 00 0000000B")),
        data_sm_frame("s", "d"),
        wire_writer{}.cstr("1a2b3c").frame(command_id::data_sm_resp, 9),
        query_sm_frame("1a2b3c", "Info"),
        query_sm_resp_frame("1a2b3c", "240101120500000+"),
        cancel_sm_frame({.service_type = "CMT"}),
        replace_sm_frame({.validity = "000001000000000R", .sm_length = 0, .message = ""}),
        alert_frame("447700900123", "10.0.0.1"),
    };
    for (const auto& frame : frames) {
        for (std::size_t n = header_size; n < frame.size(); ++n) {
            SCOPED_TRACE(to_hex(frame) + " cut at " + std::to_string(n));
            expect_decode_status(cut(frame, n), command_status::invalid_cmd_length);
        }
    }
}

TEST(DecodeErrors, NewPdusWithoutOptionalPartRefuseTrailingBytes) {
    // query_sm, cancel_sm, replace_sm and the multi/query responses take no TLVs in 3.4.
    const auto plus = [](bytes frame, const bytes& extra) {
        frame.insert(frame.end(), extra.begin(), extra.end());
        set_be32(frame, 0, static_cast<std::uint32_t>(frame.size()));
        return frame;
    };
    const bytes tlv = hex("1403 0001 AB");
    for (const auto& frame : {query_sm_frame("1a2b3c", "Info"), query_sm_resp_frame("1a2b3c", ""),
                              cancel_sm_frame({}), replace_sm_frame({}), multi_resp_frame("m", 0, {})}) {
        SCOPED_TRACE(to_hex(frame));
        expect_decode_status(plus(frame, tlv), command_status::invalid_cmd_length);
    }
    for (const char* id : {"80000008", "80000007"}) {
        SCOPED_TRACE(id);
        expect_decode_status(hex("00000011"s + id + "00000000 00000001 00"), command_status::invalid_cmd_length);
    }
}

TEST(DecodeErrors, NewFailedResponsesWithoutBodyAreFine) {
    for (const char* id : {"80000021", "80000103", "80000003"}) {
        SCOPED_TRACE(id);
        pdu p;
        EXPECT_EQ(decode(hex("00000010"s + id + "00000067 0000002A"), p).status, command_status::ok);
        EXPECT_EQ(p.status, command_status::query_failed);
        EXPECT_TRUE(std::holds_alternative<std::monostate>(p.body));
    }
}

TEST(DecodeErrors, KnownTlvWithTheWrongLength) {
    // §5.3.2: the standard TLVs have fixed sizes; a wrong one is ESME_RINVPARLEN.
    const char* cases[] = {
        "020B 0001 0B",           // destination_port is 2 octets
        "020B 0003 00 0B 84",     //
        "0427 0002 00 02",        // message_state is 1 octet
        "0423 0002 03 00",        // network_error_code is 3 octets
        "001E 0000",              // receipted_message_id is at least its NUL
        "0210 0000",              // sc_interface_version is 1 octet
    };
    for (const char* tlvs : cases) {
        SCOPED_TRACE(tlvs);
        expect_decode_status(data_sm_frame("s", "d", hex(tlvs)), command_status::invalid_param_length);
    }
    // The same check guards submit_sm and bind_resp.
    expect_decode_status(submit_sm_frame({.tail = hex("020C 0001 01")}), command_status::invalid_param_length);
    expect_decode_status(
        wire_writer{}.cstr("SMSC").raw(hex("0210 0002 34 00")).frame(command_id::bind_transmitter_resp, 1),
        command_status::invalid_param_length);
}

TEST(DecodeErrors, UnknownTlvsAndMessagePayloadMayHaveAnyLength) {
    for (const char* tlvs : {"1403 0000", "1403 0003 01 02 03", "0424 0000", "0424 0001 41",
                             "020B 0002 0B 84  1500 0005 0102030405"}) {
        SCOPED_TRACE(tlvs);
        pdu p;
        EXPECT_EQ(decode(data_sm_frame("s", "d", hex(tlvs)), p).status, command_status::ok);
    }
}

}  // namespace

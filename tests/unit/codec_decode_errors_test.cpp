// Decoder refusals of the session and short-message PDUs: each names the status (and the field) that explains it.
#include "codec_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::codec_test;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// 4. Decoder on bad input.

TEST(DecodeErrors, TruncatedHeader) {
    const bytes wire = hex("00000010 00000015 00000000 00000001");
    for (std::size_t n = 0; n < header_size; ++n) {
        pdu p;
        EXPECT_EQ(decode(std::span(wire).first(n), p).status, command_status::invalid_cmd_length) << n;
        // No sequence could be read: a generic_nack for this goes out with sequence 0 (§3.2).
        EXPECT_EQ(p.sequence, 0u) << n;
    }
}

TEST(DecodeErrors, CommandLengthNotEqualToFrameSize) {
    expect_decode_status(hex("00000011 00000015 00000000 00000001"), command_status::invalid_cmd_length);
    expect_decode_status(hex("00000010 00000015 00000000 00000001 00"), command_status::invalid_cmd_length);
    expect_decode_status(hex("00000016 00000004 00000000 00000006 00"), command_status::invalid_cmd_length);
}

TEST(DecodeErrors, UnknownCommandId) {
    // broadcast_sm (0x111) is SMPP 5.0, not 3.4; the others exist nowhere.
    for (const char* id : {"00000111", "00000000", "80000099", "7FFFFFFF"})
        expect_decode_status(hex("00000010"s + id + "00000000 00000042"), command_status::invalid_cmd_id);
}

TEST(DecodeErrors, TruncatedBody) {
    // Every cut before the last octet leaves a field unfinished; none of the statuses for
    // over-long fields may show up for a body that is merely short.
    const bytes bind = bind_frame({.system_type = "VMS", .address_range = "^1"});
    for (std::size_t n = header_size; n < bind.size(); ++n) {
        SCOPED_TRACE("bind cut at " + std::to_string(n));
        expect_decode_status(cut(bind, n), command_status::invalid_cmd_length);
    }
    // Cut anywhere up to and including sm_length; the short message itself is tested below.
    const bytes submit = submit_sm_frame(
        {.service_type = "CMT", .validity = "000001000000000R", .sm_length = 0, .message = ""});
    for (std::size_t n = header_size; n < submit.size(); ++n) {
        SCOPED_TRACE("submit_sm cut at " + std::to_string(n));
        expect_decode_status(cut(submit, n), command_status::invalid_cmd_length);
    }
}

TEST(DecodeErrors, CStringWithoutNulAtEndOfFrame) {
    expect_decode_status(
        wire_writer{}.cstr("esme1").cstr("pw").cstr("").u8(0x34).u8(1).u8(1).raw("^12").frame(
            command_id::bind_transmitter, 1),
        command_status::invalid_cmd_length);
    expect_decode_status(wire_writer{}.cstr("SMSC").raw("pw").frame(command_id::outbind, 4),
                         command_status::invalid_cmd_length);
    expect_decode_status(wire_writer{}.raw("1a2b3c").frame(command_id::submit_sm_resp, 6),
                         command_status::invalid_cmd_length);
    // An ok deliver_sm_resp still owes its one-NUL message_id.
    expect_decode_status(hex("00000010 80000005 00000000 00000007"), command_status::invalid_cmd_length);
}

TEST(DecodeErrors, BytesAfterABodyWithoutOptionalPart) {
    // bind, outbind and the sm responses take no TLVs in 3.4: leftovers mean a wrong length.
    expect_decode_status(
        wire_writer{}.cstr("esme1").cstr("pw").cstr("").u8(0x34).u8(1).u8(1).cstr("").u8(0).frame(
            command_id::bind_transmitter, 1),
        command_status::invalid_cmd_length);
    expect_decode_status(
        wire_writer{}.cstr("SMSC").cstr("pw").raw(hex("0210 0001 34")).frame(command_id::outbind, 4),
        command_status::invalid_cmd_length);
    expect_decode_status(wire_writer{}.cstr("1a2b3c").u8(0).frame(command_id::submit_sm_resp, 6),
                         command_status::invalid_cmd_length);
    expect_decode_status(hex("00000012 80000005 00000000 00000007 00 00"),
                         command_status::invalid_cmd_length);
}

TEST(DecodeErrors, OverLongFieldsNameTheField) {
    const bad_frame cases[] = {
        {"system_id", bind_frame({.system_id = std::string(16, 's')}), command_status::invalid_system_id},
        {"password", bind_frame({.password = std::string(9, 'p')}), command_status::invalid_password},
        {"system_type", bind_frame({.system_type = std::string(13, 't')}),
         command_status::invalid_system_type},
        {"outbind system_id",
         wire_writer{}.cstr(std::string(16, 's')).cstr("pw").frame(command_id::outbind, 4),
         command_status::invalid_system_id},
        {"outbind password",
         wire_writer{}.cstr("SMSC").cstr(std::string(9, 'p')).frame(command_id::outbind, 4),
         command_status::invalid_password},
        {"bind_resp system_id",
         wire_writer{}.cstr(std::string(16, 's')).frame(command_id::bind_transceiver_resp, 3),
         command_status::invalid_system_id},
        {"service_type", submit_sm_frame({.service_type = std::string(6, 'c')}),
         command_status::invalid_service_type},
        {"source_addr", submit_sm_frame({.source_addr = std::string(21, '1')}),
         command_status::invalid_source_addr},
        {"destination_addr", submit_sm_frame({.destination_addr = std::string(21, '2')}),
         command_status::invalid_dest_addr},
        {"message_id", wire_writer{}.cstr(std::string(65, 'i')).frame(command_id::submit_sm_resp, 6),
         command_status::invalid_message_id},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        expect_decode_status(c.wire, c.want);
    }
}

TEST(DecodeErrors, FieldsAtTheirLimitAreAccepted) {
    // The other side of the boundary above, so an off-by-one in either direction shows.
    const bytes cases[] = {
        bind_frame({.system_id = std::string(15, 's'),
                    .password = std::string(8, 'p'),
                    .system_type = std::string(12, 't'),
                    .address_range = std::string(40, '9')}),
        submit_sm_frame({.service_type = std::string(5, 'c'),
                         .source_addr = std::string(20, '1'),
                         .destination_addr = std::string(20, '2')}),
        wire_writer{}.cstr(std::string(64, 'i')).frame(command_id::submit_sm_resp, 6),
    };
    for (const auto& wire : cases) {
        pdu p;
        EXPECT_EQ(decode(wire, p).status, command_status::ok) << to_hex(wire);
    }
}

TEST(DecodeErrors, TimeFieldsMustBeEmptyOrSixteenCharacters) {
    for (std::size_t length : {1u, 15u, 17u, 20u}) {
        SCOPED_TRACE(length);
        expect_decode_status(submit_sm_frame({.schedule = std::string(length, '0')}),
                             command_status::invalid_schedule);
        expect_decode_status(submit_sm_frame({.validity = std::string(length, '0')}),
                             command_status::invalid_expiry);
    }
    pdu p;
    EXPECT_EQ(
        decode(submit_sm_frame({.schedule = "240101120000000+", .validity = "000001000000000R"}), p).status,
        command_status::ok);
}

TEST(DecodeErrors, SmLengthRunningPastTheBody) {
    expect_decode_status(submit_sm_frame({.sm_length = 6, .message = "Hello"}),
                         command_status::invalid_msg_length);
    expect_decode_status(submit_sm_frame({.sm_length = 254, .message = "Hello"}),
                         command_status::invalid_msg_length);
}

TEST(DecodeErrors, SmLength255) {
    // Present in full, but above the 254 the spec allows.
    expect_decode_status(submit_sm_frame({.sm_length = 255, .message = std::string(255, 'x')}),
                         command_status::invalid_msg_length);
}

TEST(DecodeErrors, TlvLengthRunningPastThePdu) {
    expect_decode_status(submit_sm_frame({.tail = hex("1403 0005 AB CD")}),
                         command_status::invalid_optional_stream);
    expect_decode_status(submit_sm_frame({.tail = hex("0210 0001 34  1403 0001")}),
                         command_status::invalid_optional_stream);
    expect_decode_status(
        wire_writer{}.cstr("SMSC").raw(hex("0210 0002 34")).frame(command_id::bind_transmitter_resp, 1),
        command_status::invalid_optional_stream);
}

TEST(DecodeErrors, StrayBytesAfterSubmitSm) {
    // Fewer than the 4 octets of a TLV header.
    for (const char* tail : {"00", "14 03", "14 03 00"}) {
        SCOPED_TRACE(tail);
        expect_decode_status(submit_sm_frame({.tail = hex(tail)}), command_status::invalid_optional_stream);
    }
}

TEST(DecodeErrors, BodyOnHeaderOnlyPdu) {
    for (const char* id : {"00000015", "00000006", "80000015", "80000006", "80000000"}) {
        SCOPED_TRACE(id);
        expect_decode_status(hex("00000011"s + id + "00000000 00000001 00"),
                             command_status::invalid_cmd_length);
    }
}

TEST(DecodeErrors, MessagePayloadWithShortMessage) {
    // §5.3.2.32: message_payload and a non-empty short_message are mutually exclusive.
    const bytes payload_tlv = hex("0424 0003 61 62 63");
    expect_decode_status(submit_sm_frame({.tail = payload_tlv}), command_status::invalid_msg_length);
    pdu p;
    EXPECT_EQ(decode(submit_sm_frame({.sm_length = 0, .message = "", .tail = payload_tlv}), p).status,
              command_status::ok);
}

TEST(DecodeErrors, FailedResponseWithoutBodyIsFine) {
    for (const char* id : {"80000002", "80000001", "80000009", "80000004", "80000005"}) {
        SCOPED_TRACE(id);
        pdu p;
        EXPECT_EQ(decode(hex("00000010"s + id + "0000000D 0000002A"), p).status, command_status::ok);
        EXPECT_EQ(static_cast<std::uint32_t>(p.id), be32(hex(id), 0));
        EXPECT_EQ(p.status, command_status::bind_failed);
        EXPECT_EQ(p.sequence, 42u);
        EXPECT_TRUE(std::holds_alternative<std::monostate>(p.body));
    }
}


}  // namespace

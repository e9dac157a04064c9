// A fixed-seed run over random and mutated frames, and the typed TLV accessors.
#include "codec_support.hpp"

#include <random>

namespace {

using namespace smpp;
using namespace smpp::codec_test;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------------
// 6. Garbage: a fixed-seed run over random and mutated frames, for bounds and status sanity.

bool decoder_may_answer(command_status s) {
    switch (s) {
        case command_status::ok:
        case command_status::invalid_msg_length:
        case command_status::invalid_cmd_length:
        case command_status::invalid_cmd_id:
        case command_status::invalid_source_addr:
        case command_status::invalid_dest_addr:
        case command_status::invalid_message_id:
        case command_status::invalid_password:
        case command_status::invalid_system_id:
        case command_status::invalid_service_type:
        case command_status::invalid_system_type:
        case command_status::invalid_schedule:
        case command_status::invalid_expiry:
        case command_status::invalid_optional_stream:
        case command_status::invalid_param_length:
        case command_status::invalid_num_dests:
        case command_status::invalid_dl_name:
        case command_status::invalid_dest_flag: return true;
        default: return false;
    }
}

// std::uniform_int_distribution differs between standard libraries; mt19937 itself does not,
// so plain modulo keeps the inputs identical everywhere.
std::size_t below(std::mt19937& rng, std::size_t n) {
    return rng() % n;
}

bytes random_bytes(std::mt19937& rng, std::size_t n) {
    bytes b(n);
    for (auto& x : b)
        x = static_cast<std::uint8_t>(rng());
    return b;
}

// Thirds: pure noise; noise behind a consistent header with a known command id; a valid frame
// with a few octets changed and sometimes cut short (these reach deep into the body decoders).
bytes garbage(std::mt19937& rng, int i, const std::vector<bytes>& seeds) {
    static constexpr std::uint32_t ids[] = {
        0x80000000, 0x00000001, 0x80000001, 0x00000002, 0x80000002, 0x00000004, 0x80000004, 0x00000005,
        0x80000005, 0x00000006, 0x80000006, 0x00000009, 0x80000009, 0x0000000B, 0x00000015, 0x80000015,
        0x00000003, 0x80000003, 0x00000007, 0x80000007, 0x00000008, 0x80000008, 0x00000021, 0x80000021,
        0x00000102, 0x00000103, 0x80000103};
    switch (i % 3) {
        case 0: return random_bytes(rng, below(rng, 301));
        case 1: {
            bytes b = random_bytes(rng, header_size + below(rng, 285));
            set_be32(b, 0, static_cast<std::uint32_t>(b.size()));
            set_be32(b, 4, ids[below(rng, std::size(ids))]);
            set_be32(b, 8, below(rng, 2) == 0 ? 0 : rng() % 0x100);
            return b;
        }
        default: {
            bytes b = seeds[below(rng, seeds.size())];
            if (b.size() > header_size)
                for (std::size_t k = 1 + below(rng, 3); k > 0; --k)
                    b[header_size + below(rng, b.size() - header_size)] = static_cast<std::uint8_t>(rng());
            if (below(rng, 4) == 0)
                b = cut(b, header_size + below(rng, b.size() - header_size + 1));
            return b;
        }
    }
}

TEST(CodecGarbage, NoCrashAndOnlyPlausibleStatuses) {
    std::vector<bytes> seeds;
    for (const pdu& p : sample_pdus())
        encode(p, seeds.emplace_back());

    std::mt19937 rng(20240611);
    int accepted = 0, rejected = 0;
    for (int i = 0; i < 2000; ++i) {
        const bytes input = garbage(rng, i, seeds);
        SCOPED_TRACE(to_hex(input));
        const auto f = peek_frame(input);
        if (f.status == frame_status::complete) {
            ASSERT_GE(f.length, header_size);
            ASSERT_LE(f.length, input.size());
        }
        // Incomplete or bad-length input goes to the decoder whole: it must cope with that too.
        const auto frame =
            f.status == frame_status::complete ? std::span(input).first(f.length) : std::span(input);
        pdu p;
        const auto status = decode(frame, p).status;
        ASSERT_TRUE(decoder_may_answer(status)) << ::testing::PrintToString(status);
        if (status != command_status::ok) {
            ++rejected;
            continue;
        }
        ++accepted;
        // Whatever the decoder accepts, the encoder must put back on the wire byte for byte.
        bytes again;
        ASSERT_EQ(encode(p, again), command_status::ok);
        EXPECT_EQ(to_hex(again), to_hex(frame));
    }
    // Guard against a generator that only ever reaches one side.
    EXPECT_GT(accepted, 0);
    EXPECT_GT(rejected, 0);
}

// ---------------------------------------------------------------------------------------------
// 7. Typed access to the standard optional parameters.

TEST(TypedTlv, GettersReadEachWidthAndRefuseTheWrongLength) {
    const tlv_list tlvs{{tag::sar_total_segments, "\x03"},
                        {tag::sar_msg_ref_num, "\x12\x34"},
                        {0x1500, "\x01\x02\x03\x04"},
                        {tag::source_port, "\x01"},  // one octet short
                        {tag::receipted_message_id, "1a2b3c\0"s}};
    EXPECT_EQ(get_u8(tlvs, tag::sar_total_segments), 3);
    EXPECT_EQ(get_u16(tlvs, tag::sar_msg_ref_num), 0x1234);
    EXPECT_EQ(get_u32(tlvs, 0x1500), 0x01020304u);
    EXPECT_EQ(get_u16(tlvs, tag::source_port), std::nullopt);
    EXPECT_EQ(get_u8(tlvs, tag::sar_msg_ref_num), std::nullopt) << "u16 read as u8";
    EXPECT_EQ(get_u32(tlvs, tag::sar_msg_ref_num), std::nullopt) << "u16 read as u32";
    EXPECT_EQ(get_u8(tlvs, tag::more_messages_to_send), std::nullopt) << "absent";
    EXPECT_EQ(get_cstring(tlvs, tag::receipted_message_id), "1a2b3c");
    EXPECT_EQ(get_octets(tlvs, tag::receipted_message_id), "1a2b3c\0"s);
    EXPECT_EQ(get_octets(tlvs, tag::message_payload), std::nullopt);
    ASSERT_NE(find_tlv(tlvs, 0x1500), nullptr);
    EXPECT_EQ(find_tlv(tlvs, 0x1500)->value.size(), 4u);
    EXPECT_EQ(find_tlv(tlvs, 0x1501), nullptr);
}

TEST(TypedTlv, CStringNeedsExactlyOneNulAtTheEnd) {
    const auto read = [](std::string value) {
        const tlv_list tlvs{{tag::receipted_message_id, std::move(value)}};
        const auto text = get_cstring(tlvs, tag::receipted_message_id);
        return text ? std::optional<std::string>(*text) : std::nullopt;
    };
    EXPECT_EQ(read("abc\0"s), "abc");
    EXPECT_EQ(read("\0"s), "");
    EXPECT_EQ(read("abc"), std::nullopt);
    EXPECT_EQ(read(""), std::nullopt);
    EXPECT_EQ(read("a\0bc\0"s), std::nullopt);
}

TEST(TypedTlv, SettersReplaceOrAppendAndEncodeAsTheSpecSays) {
    sm_body b;
    set_u16(b.tlvs, tag::sar_msg_ref_num, 0x1234);
    set_u8(b.tlvs, tag::sar_total_segments, 3);
    set_u8(b.tlvs, tag::sar_segment_seqnum, 9);
    set_u8(b.tlvs, tag::sar_segment_seqnum, 1);  // replaces, never duplicates
    set_u32(b.tlvs, 0x1500, 0xA1B2C3D4);
    set_cstring(b.tlvs, tag::receipted_message_id, "ab");
    set_message_state(b.tlvs, message_state::rejected);
    set_network_error_code(b.tlvs, {.network_type = 3, .error_code = 0x0102});
    ASSERT_EQ(b.tlvs.size(), 7u);
    EXPECT_EQ(get_u8(b.tlvs, tag::sar_segment_seqnum), 1);

    bytes wire;
    ASSERT_EQ(encode({.id = command_id::submit_sm, .sequence = 6, .body = b}, wire), command_status::ok);
    const bytes fixed_part = hex("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");  // 17 empty/zero fields
    EXPECT_EQ(to_hex(std::span(wire).subspan(header_size + fixed_part.size())),
              to_hex(hex("020C 0002 12 34"       // sar_msg_ref_num 0x1234
                         "020E 0001 03"          // sar_total_segments 3
                         "020F 0001 01"          // sar_segment_seqnum 1
                         "1500 0004 A1 B2 C3 D4"  // vendor u32
                         "001E 0003 61 62 00"    // receipted_message_id "ab"
                         "0427 0001 08"          // message_state REJECTED
                         "0423 0003 03 01 02")));  // network_error_code GSM, 0x0102

    pdu decoded;
    ASSERT_EQ(decode(wire, decoded).status, command_status::ok);
    const auto& tlvs = std::get<sm_body>(decoded.body).tlvs;
    EXPECT_EQ(get_u16(tlvs, tag::sar_msg_ref_num), 0x1234);
    EXPECT_EQ(get_u32(tlvs, 0x1500), 0xA1B2C3D4u);
    EXPECT_EQ(get_cstring(tlvs, tag::receipted_message_id), "ab");
    EXPECT_EQ(get_message_state(tlvs), message_state::rejected);
    EXPECT_EQ(get_network_error_code(tlvs), (network_error{3, 0x0102}));
}

TEST(TypedTlv, SetOctetsAndErase) {
    tlv_list tlvs{{0x1403, "a"}, {tag::message_payload, "old"}, {0x1403, "b"}};
    set_octets(tlvs, tag::message_payload, "new text");
    EXPECT_EQ(get_octets(tlvs, tag::message_payload), "new text");
    EXPECT_EQ(tlvs.size(), 3u);
    EXPECT_EQ(erase_tlv(tlvs, 0x1403), 2u);
    EXPECT_EQ(tlvs, (tlv_list{{tag::message_payload, "new text"}}));
}

TEST(TypedTlv, MessageStateOnlyForItsEightValues) {
    const auto state_of = [](std::string value) {
        return get_message_state(tlv_list{{tag::message_state, std::move(value)}});
    };
    EXPECT_EQ(state_of("\x01"), message_state::enroute);
    EXPECT_EQ(state_of("\x02"), message_state::delivered);
    EXPECT_EQ(state_of("\x05"), message_state::undeliverable);
    EXPECT_EQ(state_of("\x08"), message_state::rejected);
    EXPECT_EQ(state_of("\x00"s), std::nullopt);
    EXPECT_EQ(state_of("\x09"), std::nullopt);
    EXPECT_EQ(state_of("\x02\x00"s), std::nullopt);
    EXPECT_EQ(static_cast<int>(message_state::accepted), 6);
    EXPECT_EQ(static_cast<int>(message_state::unknown), 7);
}

TEST(TypedTlv, StandardTagValues) {
    // Table 5-7: a wrong constant here would silently miss every TLV a peer sends.
    EXPECT_EQ(tag::payload_type, 0x0019);
    EXPECT_EQ(tag::additional_status_info_text, 0x001D);
    EXPECT_EQ(tag::receipted_message_id, 0x001E);
    EXPECT_EQ(tag::user_message_reference, 0x0204);
    EXPECT_EQ(tag::source_port, 0x020A);
    EXPECT_EQ(tag::destination_port, 0x020B);
    EXPECT_EQ(tag::sar_msg_ref_num, 0x020C);
    EXPECT_EQ(tag::sar_total_segments, 0x020E);
    EXPECT_EQ(tag::sar_segment_seqnum, 0x020F);
    EXPECT_EQ(tag::sc_interface_version, 0x0210);
    EXPECT_EQ(tag::network_error_code, 0x0423);
    EXPECT_EQ(tag::message_payload, 0x0424);
    EXPECT_EQ(tag::delivery_failure_reason, 0x0425);
    EXPECT_EQ(tag::more_messages_to_send, 0x0426);
    EXPECT_EQ(tag::message_state, 0x0427);
    EXPECT_EQ(tag::ussd_service_op, 0x0501);
}


}  // namespace

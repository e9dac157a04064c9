// Unit tests for the SMPP 3.4 PDU codec: spec vectors, round trips, framing, decoder and encoder
// refusals, and a deterministic garbage run.
#include "smpp/codec/codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace smpp {

// gtest finds these by ADL; without them failures print enums and PDUs as raw memory.
void PrintTo(command_status s, std::ostream* os) {
    *os << name_of(s) << " (0x" << std::hex << static_cast<std::uint32_t>(s) << std::dec << ')';
}

void PrintTo(command_id id, std::ostream* os) {
    *os << name_of(id) << " (0x" << std::hex << static_cast<std::uint32_t>(id) << std::dec << ')';
}

void PrintTo(frame_status s, std::ostream* os) {
    switch (s) {
        case frame_status::need_more: *os << "need_more"; return;
        case frame_status::complete: *os << "complete"; return;
        case frame_status::bad_length: *os << "bad_length"; return;
    }
}

void PrintTo(const pdu& p, std::ostream* os) {
    PrintTo(p.id, os);
    *os << " status ";
    PrintTo(p.status, os);
    *os << " seq " << p.sequence << " body alternative " << p.body.index();
}

}  // namespace smpp

namespace {

using namespace smpp;
using namespace std::string_literals;
using bytes = std::vector<std::uint8_t>;

// Parses "00 00 00 10 ..." (whitespace ignored). Throws on a typo so a mistyped vector fails loudly.
bytes hex(std::string_view text) {
    std::string digits;
    for (char c : text)
        if (c != ' ' && c != '\n')
            digits += c;
    if (digits.size() % 2 != 0)
        throw std::invalid_argument("odd number of hex digits");
    bytes out;
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        std::size_t used = 0;
        const int value = std::stoi(digits.substr(i, 2), &used, 16);
        if (used != 2)
            throw std::invalid_argument("bad hex digit in " + digits.substr(i, 2));
        out.push_back(static_cast<std::uint8_t>(value));
    }
    return out;
}

// Byte strings compare as hex text, 16 octets a line, so a mismatch shows as a readable diff.
std::string to_hex(std::span<const std::uint8_t> data) {
    static constexpr char digit[] = "0123456789ABCDEF";
    std::string text;
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (i != 0)
            text += i % 16 == 0 ? '\n' : ' ';
        text += digit[data[i] >> 4];
        text += digit[data[i] & 0x0F];
    }
    return text;
}

std::uint32_t be32(std::span<const std::uint8_t> data, std::size_t at) {
    return std::uint32_t{data[at]} << 24 | std::uint32_t{data[at + 1]} << 16 |
           std::uint32_t{data[at + 2]} << 8 | std::uint32_t{data[at + 3]};
}

void set_be32(bytes& data, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i)
        data[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

// The first `n` bytes of a frame, with command_length rewritten to match, so the decoder sees
// a consistent header and a body that simply stops early.
bytes cut(bytes frame, std::size_t n) {
    frame.resize(n);
    set_be32(frame, 0, static_cast<std::uint32_t>(n));
    return frame;
}

// Test-side writer for the error tests. Each of them starts from a well-formed body and breaks
// one thing, so those frames are assembled here rather than spelled out in hex thirty times.
class wire_writer {
public:
    wire_writer& u8(std::uint8_t v) {
        body_.push_back(v);
        return *this;
    }
    wire_writer& raw(std::string_view s) {
        body_.insert(body_.end(), s.begin(), s.end());
        return *this;
    }
    wire_writer& raw(const bytes& b) {
        body_.insert(body_.end(), b.begin(), b.end());
        return *this;
    }
    wire_writer& cstr(std::string_view s) { return raw(s).u8(0); }

    // Prepends a 16-octet header whose command_length covers the body written so far.
    bytes frame(command_id id, std::uint32_t sequence) const {
        bytes out(header_size);
        set_be32(out, 0, static_cast<std::uint32_t>(header_size + body_.size()));
        set_be32(out, 4, static_cast<std::uint32_t>(id));
        set_be32(out, 8, 0);  // command_status
        set_be32(out, 12, sequence);
        out.insert(out.end(), body_.begin(), body_.end());
        return out;
    }

private:
    bytes body_;
};

struct bind_fields {
    std::string system_id = "esme1";
    std::string password = "secret";
    std::string system_type;
    std::string address_range;
};

bytes bind_frame(const bind_fields& f) {
    return wire_writer{}
        .cstr(f.system_id)
        .cstr(f.password)
        .cstr(f.system_type)
        .u8(0x34)  // interface_version
        .u8(1)     // addr_ton
        .u8(1)     // addr_npi
        .cstr(f.address_range)
        .frame(command_id::bind_transmitter, 1);
}

struct sm_fields {
    std::string service_type;
    std::string source_addr = "Info";
    std::string destination_addr = "447700900123";
    std::string schedule;
    std::string validity;
    std::uint8_t sm_length = 5;
    std::string message = "Hello";
    bytes tail;  // whatever follows the short message: TLVs, or stray bytes
};

bytes submit_sm_frame(const sm_fields& f) {
    return wire_writer{}
        .cstr(f.service_type)
        .u8(5)  // source_addr_ton
        .u8(0)  // source_addr_npi
        .cstr(f.source_addr)
        .u8(1)  // dest_addr_ton
        .u8(1)  // dest_addr_npi
        .cstr(f.destination_addr)
        .u8(0)  // esm_class
        .u8(0)  // protocol_id
        .u8(0)  // priority_flag
        .cstr(f.schedule)
        .cstr(f.validity)
        .u8(1)  // registered_delivery
        .u8(0)  // replace_if_present_flag
        .u8(0)  // data_coding
        .u8(0)  // sm_default_msg_id
        .u8(f.sm_length)
        .raw(f.message)
        .raw(f.tail)
        .frame(command_id::submit_sm, 6);
}

// A vector test goes both ways: the encoder must produce exactly the spec bytes, and the decoder
// must turn those bytes back into exactly the PDU.
void expect_vector(const pdu& p, const bytes& wire) {
    bytes encoded;
    ASSERT_EQ(encode(p, encoded), command_status::ok);
    EXPECT_EQ(to_hex(encoded), to_hex(wire));

    const auto frame = peek_frame(wire);
    EXPECT_EQ(frame.status, frame_status::complete);
    EXPECT_EQ(frame.length, wire.size());

    pdu decoded;
    ASSERT_EQ(decode(wire, decoded).status, command_status::ok);
    EXPECT_EQ(decoded, p);
}

// Besides the status, the header must be filled in even on error: the caller needs command_id
// and sequence_number to answer with the right _resp or generic_nack.
void expect_decode_status(const bytes& wire, command_status want) {
    pdu p;
    EXPECT_EQ(decode(wire, p).status, want);
    EXPECT_EQ(static_cast<std::uint32_t>(p.id), be32(wire, 4));
    EXPECT_EQ(p.sequence, be32(wire, 12));
}

void expect_refused(const pdu& p, command_status want) {
    const bytes before = hex("DE AD BE EF");
    bytes out = before;
    EXPECT_EQ(encode(p, out), want);
    EXPECT_EQ(to_hex(out), to_hex(before)) << "a refused PDU must leave the buffer as it was";
}

pdu bind_pdu(bind_body b) {
    return {.id = command_id::bind_transmitter, .sequence = 1, .body = std::move(b)};
}
pdu submit_pdu(sm_body b) {
    return {.id = command_id::submit_sm, .sequence = 6, .body = std::move(b)};
}

// One of each PDU shape, with fields at their limits, TLVs known and unknown, binary octets.
std::vector<pdu> sample_pdus() {
    const bind_body full_bind{.system_id = std::string(15, 's'),
                              .password = std::string(8, 'p'),
                              .system_type = std::string(12, 't'),
                              .interface_version = 0x34,
                              .addr_ton = 1,
                              .addr_npi = 1,
                              .address_range = std::string(40, '9')};
    const tlv_list mixed_tlvs{{0x1403, "\xAB\xCD"}, {tag::sc_interface_version, "\x34"}, {0x0001, ""}};
    return {
        {.id = command_id::bind_transmitter, .sequence = 1, .body = full_bind},
        {.id = command_id::bind_receiver, .sequence = 2, .body = full_bind},
        {.id = command_id::bind_transceiver, .sequence = 3, .body = bind_body{.system_id = "trx"}},
        {.id = command_id::bind_transmitter_resp,
         .sequence = 1,
         .body = bind_resp_body{.system_id = std::string(15, 'S'), .tlvs = mixed_tlvs}},
        {.id = command_id::bind_receiver_resp, .sequence = 2, .body = bind_resp_body{.system_id = "SMSC"}},
        {.id = command_id::bind_transceiver_resp, .status = command_status::already_bound, .sequence = 3},
        {.id = command_id::outbind,
         .sequence = 4,
         .body = outbind_body{.system_id = std::string(15, 'S'), .password = std::string(8, 'p')}},
        make_header_only(command_id::unbind, 5),
        make_header_only(command_id::unbind_resp, 5),
        make_header_only(command_id::enquire_link, 0x7FFFFFFF),
        make_header_only(command_id::enquire_link_resp, 0x7FFFFFFF),
        make_header_only(command_id::generic_nack, 0, command_status::invalid_cmd_length),
        submit_pdu({.service_type = "CMT",
                    .source_addr = std::string(20, '1'),
                    .destination_addr = std::string(20, '2'),
                    .schedule_delivery_time = "240101120000000+",
                    .validity_period = "000001000000000R",
                    .short_message = std::string(254, '\xFF'),
                    .tlvs = mixed_tlvs}),
        submit_pdu({.short_message = "\x00\xFF\x7F"s, .tlvs = {{0x3FFF, std::string(300, 'x')}}}),
        // Long text travels in message_payload with an empty short_message (§5.3.2.32).
        submit_pdu({.tlvs = {{0x1403, "a"}, {tag::message_payload, std::string(1000, 'm')}, {0x1404, "b"}}}),
        {.id = command_id::deliver_sm,
         .sequence = 7,
         .body = sm_body{.esm_class = 0x04,
                         .short_message = "id:1a2b3c stat:DELIVRD",
                         .tlvs = {{tag::receipted_message_id, "1a2b3c\0"s}, {tag::message_state, "\x02"}}}},
        {.id = command_id::submit_sm_resp,
         .sequence = 6,
         .body = sm_resp_body{.message_id = std::string(64, 'i')}},
        {.id = command_id::submit_sm_resp, .status = command_status::throttled, .sequence = 6},
        {.id = command_id::submit_sm_resp,
         .status = command_status::system_error,
         .sequence = 6,
         .body = sm_resp_body{}},
        {.id = command_id::deliver_sm_resp, .sequence = 7, .body = sm_resp_body{}},
        {.id = command_id::submit_multi,
         .sequence = 8,
         .body = submit_multi_body{.source_addr = std::string(20, '1'),
                                   .dest_addresses = {sme_address{1, 1, std::string(20, '2')},
                                                      distribution_list{std::string(20, 'd')}},
                                   .validity_period = "000001000000000R",
                                   .short_message = std::string(254, 'm'),
                                   .tlvs = mixed_tlvs}},
        {.id = command_id::submit_multi,
         .sequence = 8,
         .body = submit_multi_body{.dest_addresses = std::vector<dest_address>(254, sme_address{.address = "1"})}},
        {.id = command_id::submit_multi_resp,
         .sequence = 8,
         .body = submit_multi_resp_body{
             .message_id = std::string(64, 'i'),
             .unsuccess_smes = {{1, 1, std::string(20, '2'), command_status::invalid_dest_addr},
                                {0, 0, "", static_cast<command_status>(0xFFFFFFFF)}}}},
        {.id = command_id::submit_multi_resp, .sequence = 8, .body = submit_multi_resp_body{.message_id = "m"}},
        {.id = command_id::data_sm,
         .sequence = 9,
         .body = data_sm_body{.source_addr = std::string(64, 's'),
                              .destination_addr = std::string(64, 'd'),
                              .tlvs = {{tag::message_payload, std::string(2000, 'p')}, {0x1403, "\xAB"}}}},
        {.id = command_id::data_sm_resp,
         .sequence = 9,
         .body = data_sm_resp_body{.message_id = std::string(64, 'i'), .tlvs = mixed_tlvs}},
        {.id = command_id::data_sm_resp, .status = command_status::delivery_failure, .sequence = 9},
        {.id = command_id::query_sm,
         .sequence = 10,
         .body = query_sm_body{.message_id = std::string(64, 'i'), .source_addr = std::string(20, '1')}},
        {.id = command_id::query_sm_resp,
         .sequence = 10,
         .body = query_sm_resp_body{.message_id = "i", .final_date = "240101120500000+", .message_state = 0xFF}},
        {.id = command_id::query_sm_resp, .status = command_status::query_failed, .sequence = 10},
        {.id = command_id::cancel_sm,
         .sequence = 11,
         .body = cancel_sm_body{.service_type = "CMT",
                                .message_id = std::string(64, 'i'),
                                .source_addr = std::string(20, '1'),
                                .destination_addr = std::string(20, '2')}},
        make_header_only(command_id::cancel_sm_resp, 11),
        make_header_only(command_id::cancel_sm_resp, 11, command_status::cancel_failed),
        {.id = command_id::replace_sm,
         .sequence = 12,
         .body = replace_sm_body{.message_id = std::string(64, 'i'),
                                 .source_addr = std::string(20, '1'),
                                 .schedule_delivery_time = "240101120000000+",
                                 .validity_period = "000001000000000R",
                                 .short_message = std::string(254, '\xFF')}},
        make_header_only(command_id::replace_sm_resp, 12, command_status::replace_failed),
        {.id = command_id::alert_notification,
         .sequence = 13,
         .body = alert_notification_body{.source_addr = std::string(64, 's'),
                                         .esme_addr = std::string(64, 'e'),
                                         .tlvs = {{0x0422, "\x00"}}}},
    };
}

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
// 2. Round trips.

TEST(CodecRoundTrip, EveryPduType) {
    for (const pdu& p : sample_pdus()) {
        SCOPED_TRACE(::testing::PrintToString(p));
        bytes wire;
        ASSERT_EQ(encode(p, wire), command_status::ok);
        EXPECT_EQ(be32(wire, 0), wire.size());
        pdu decoded;
        ASSERT_EQ(decode(wire, decoded).status, command_status::ok);
        EXPECT_EQ(decoded, p);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Framing.

TEST(PeekFrame, NeedsMoreUntilTheLengthIsThere) {
    const bytes wire = hex("00000017 80000004 00000000 00000006 31 61 32 62 33 63 00");
    for (std::size_t n = 0; n < 4; ++n)
        EXPECT_EQ(peek_frame(std::span(wire).first(n)).status, frame_status::need_more) << n << " bytes";
}

TEST(PeekFrame, NeedsMoreWithPartialBody) {
    const bytes wire = hex("00000017 80000004 00000000 00000006 31 61 32 62 33 63 00");
    for (std::size_t n = 4; n < wire.size(); ++n)
        EXPECT_EQ(peek_frame(std::span(wire).first(n)).status, frame_status::need_more) << n << " bytes";
}

TEST(PeekFrame, CompleteWithExactlyTheFrame) {
    const bytes wire = hex("00000010 00000015 00000000 00000001");
    const auto f = peek_frame(wire);
    EXPECT_EQ(f.status, frame_status::complete);
    EXPECT_EQ(f.length, 16u);
}

TEST(PeekFrame, CompleteWithTrailingBytesReportsOnlyTheFirstFrame) {
    const bytes wire =
        hex("00000011 80000005 00000000 00000007 00"  // deliver_sm_resp
            "00000010 00000015 00000000 00000008"     // enquire_link
            "00 00");                                 // start of a third frame
    const auto f = peek_frame(wire);
    EXPECT_EQ(f.status, frame_status::complete);
    EXPECT_EQ(f.length, 17u);
}

TEST(PeekFrame, BadLengthBelowHeaderSize) {
    for (std::uint32_t length : {0u, 1u, 15u}) {
        bytes wire = hex("00000000 00000015 00000000 00000001");
        set_be32(wire, 0, length);
        EXPECT_EQ(peek_frame(wire).status, frame_status::bad_length) << length;
        // Refused as soon as the length field is readable, without waiting for more.
        EXPECT_EQ(peek_frame(std::span(wire).first(4)).status, frame_status::bad_length) << length;
    }
}

TEST(PeekFrame, BadLengthAboveDefaultLimit) {
    // The limit itself is allowed (so it only waits for the body); one octet more is refused.
    EXPECT_EQ(peek_frame(hex("00010000 00000004 00000000 00000001")).status, frame_status::need_more);
    EXPECT_EQ(peek_frame(hex("00010001 00000004 00000000 00000001")).status, frame_status::bad_length);
    EXPECT_EQ(peek_frame(hex("FFFFFFFF")).status, frame_status::bad_length);
}

TEST(PeekFrame, BadLengthAboveCustomLimit) {
    EXPECT_EQ(peek_frame(hex("00000400 00000004 00000000 00000001"), 1024).status, frame_status::need_more);
    EXPECT_EQ(peek_frame(hex("00000401 00000004 00000000 00000001"), 1024).status, frame_status::bad_length);
    // A frame that is complete under the default is still refused under a tighter limit.
    EXPECT_EQ(peek_frame(hex("00000011 80000005 00000000 00000007 00"), 16).status, frame_status::bad_length);
}

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

struct bad_frame {
    const char* what;
    bytes wire;
    command_status want;
};

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

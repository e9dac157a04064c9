#pragma once
// What the codec tests share: hex vectors, a test-side frame writer, and one well-formed frame
// per PDU shape that the error tests break in one place each.
#include "smpp/codec/codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace smpp {

// gtest finds these by ADL; without them failures print enums and PDUs as raw memory.
inline void PrintTo(command_status s, std::ostream* os) {
    *os << name_of(s) << " (0x" << std::hex << static_cast<std::uint32_t>(s) << std::dec << ')';
}

inline void PrintTo(command_id id, std::ostream* os) {
    *os << name_of(id) << " (0x" << std::hex << static_cast<std::uint32_t>(id) << std::dec << ')';
}

inline void PrintTo(frame_status s, std::ostream* os) {
    switch (s) {
        case frame_status::need_more: *os << "need_more"; return;
        case frame_status::complete: *os << "complete"; return;
        case frame_status::bad_length: *os << "bad_length"; return;
    }
}

inline void PrintTo(const pdu& p, std::ostream* os) {
    PrintTo(p.id, os);
    *os << " status ";
    PrintTo(p.status, os);
    *os << " seq " << p.sequence << " body alternative " << p.body.index();
}

}  // namespace smpp

namespace smpp::codec_test {


using namespace smpp;
using namespace std::string_literals;
using bytes = std::vector<std::uint8_t>;

// Parses "00 00 00 10 ..." (whitespace ignored). Throws on a typo so a mistyped vector fails loudly.
inline bytes hex(std::string_view text) {
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
inline std::string to_hex(std::span<const std::uint8_t> data) {
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

inline std::uint32_t be32(std::span<const std::uint8_t> data, std::size_t at) {
    return std::uint32_t{data[at]} << 24 | std::uint32_t{data[at + 1]} << 16 |
           std::uint32_t{data[at + 2]} << 8 | std::uint32_t{data[at + 3]};
}

inline void set_be32(bytes& data, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i)
        data[at + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

// The first `n` bytes of a frame, with command_length rewritten to match, so the decoder sees
// a consistent header and a body that simply stops early.
inline bytes cut(bytes frame, std::size_t n) {
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

inline bytes bind_frame(const bind_fields& f) {
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

inline bytes submit_sm_frame(const sm_fields& f) {
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
inline void expect_vector(const pdu& p, const bytes& wire) {
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
inline void expect_decode_status(const bytes& wire, command_status want) {
    pdu p;
    EXPECT_EQ(decode(wire, p).status, want);
    EXPECT_EQ(static_cast<std::uint32_t>(p.id), be32(wire, 4));
    EXPECT_EQ(p.sequence, be32(wire, 12));
}

inline void expect_refused(const pdu& p, command_status want) {
    const bytes before = hex("DE AD BE EF");
    bytes out = before;
    EXPECT_EQ(encode(p, out), want);
    EXPECT_EQ(to_hex(out), to_hex(before)) << "a refused PDU must leave the buffer as it was";
}

inline pdu bind_pdu(bind_body b) {
    return {.id = command_id::bind_transmitter, .sequence = 1, .body = std::move(b)};
}
inline pdu submit_pdu(sm_body b) {
    return {.id = command_id::submit_sm, .sequence = 6, .body = std::move(b)};
}

// One of each PDU shape, with fields at their limits, TLVs known and unknown, binary octets.
inline std::vector<pdu> sample_pdus() {
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

// A broken frame and the status its decode must give.
struct bad_frame {
    const char* what;
    bytes wire;
    command_status want;
};

}  // namespace smpp::codec_test

// Round trips of every PDU type, and framing.
#include "codec_support.hpp"

namespace {

using namespace smpp;
using namespace smpp::codec_test;
using namespace std::string_literals;

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


}  // namespace

// Unit tests for reassembling messages sent in parts: UDH (8- and 16-bit references) and SAR
// headers found byte for byte, parts joined in order whatever their arrival order, and the
// bounds (the cap on open messages, the timeout, the end of the run) giving up incomplete ones.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "smpp/traffic/reassembly.hpp"

namespace smpp::traffic {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;
using parts = reassembler<int>;

std::string bytes(std::initializer_list<unsigned> list) {
    std::string out;
    for (unsigned b : list) out.push_back(static_cast<char>(b));
    return out;
}

TEST(FindPart, Udh8BitReference) {
    EXPECT_EQ(find_part(true, bytes({0x05, 0x00, 0x03, 0xA7, 0x03, 0x02, 0x41}), {}), (part_header{0xA7, 3, 2}));
}

TEST(FindPart, Udh16BitReference) {
    EXPECT_EQ(find_part(true, bytes({0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01, 0x41}), {}), (part_header{0x1234, 2, 1}));
}

TEST(FindPart, ConcatenationAfterAnotherElement) {
    // A port-addressing element (IEI 0x05, 4 octets) first, then the 8-bit concatenation element.
    EXPECT_EQ(find_part(true, bytes({0x0B, 0x05, 0x04, 0x0B, 0x84, 0x23, 0xF0, 0x00, 0x03, 0x09, 0x02, 0x02}), {}),
              (part_header{0x09, 2, 2}));
}

TEST(FindPart, MalformedOrSinglePartHeadersAreNotParts) {
    EXPECT_EQ(find_part(true, bytes({0x05, 0x00, 0x03, 0x01}), {}), std::nullopt);              // UDH longer than data
    EXPECT_EQ(find_part(true, bytes({0x05, 0x00, 0x04, 0x01, 0x02, 0x01}), {}), std::nullopt);  // IE overruns
    EXPECT_EQ(find_part(true, bytes({0x05, 0x00, 0x03, 0x01, 0x01, 0x01}), {}), std::nullopt);  // total 1
    EXPECT_EQ(find_part(true, bytes({0x05, 0x00, 0x03, 0x01, 0x02, 0x00}), {}), std::nullopt);  // seqnum 0
    EXPECT_EQ(find_part(true, bytes({0x05, 0x00, 0x03, 0x01, 0x02, 0x03}), {}), std::nullopt);  // beyond total
    EXPECT_EQ(find_part(false, bytes({0x05, 0x00, 0x03, 0x01, 0x02, 0x01}), {}), std::nullopt);  // no UDHI
    EXPECT_EQ(find_part(true, "", {}), std::nullopt);
}

TEST(FindPart, SarTlvs) {
    tlv_list t;
    set_u16(t, tag::sar_msg_ref_num, 0x0102);
    set_u8(t, tag::sar_total_segments, 4);
    set_u8(t, tag::sar_segment_seqnum, 3);
    EXPECT_EQ(find_part(false, "text", t), (part_header{0x0102, 4, 3}));
    erase_tlv(t, tag::sar_segment_seqnum);
    EXPECT_EQ(find_part(false, "text", t), std::nullopt);  // all three or none
}

TEST(Reassembler, PartsInAnyOrderJoinInSeqnumOrder) {
    parts r(10, 60s);
    const auto t0 = clock::time_point{};
    const parts::key k{"a", 7, 3};
    EXPECT_TRUE(r.add(k, 3, "ghi", 3, t0).empty());
    EXPECT_TRUE(r.add(k, 1, "abc", 1, t0).empty());
    const auto done = r.add(k, 2, "def", 2, t0);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_TRUE(done[0].complete());
    EXPECT_EQ(done[0].octets, "abcdefghi");
    EXPECT_EQ(done[0].meta, 1);  // the first part's, though it came second
    EXPECT_EQ(done[0].total, 3);
    EXPECT_EQ(r.open(), 0u);
}

TEST(Reassembler, RepeatedPartIsIgnored) {
    parts r(10, 60s);
    const parts::key k{"a", 7, 2};
    r.add(k, 1, "ab", 1, {});
    EXPECT_TRUE(r.add(k, 1, "XX", 9, {}).empty());
    const auto done = r.add(k, 2, "cd", 2, {});
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].octets, "abcd");
}

TEST(Reassembler, OriginsAndReferencesKeepMessagesApart) {
    parts r(10, 60s);
    r.add({"a", 1, 2}, 1, "a1", 0, {});
    r.add({"b", 1, 2}, 1, "b1", 0, {});
    r.add({"a", 2, 2}, 1, "x1", 0, {});
    const auto done = r.add({"b", 1, 2}, 2, "b2", 0, {});
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].octets, "b1b2");
    EXPECT_EQ(r.open(), 2u);
}

TEST(Reassembler, TimeoutGivesUpWithTheMissingParts) {
    parts r(10, 5s);
    const auto t0 = clock::time_point{};
    r.add({"a", 1, 3}, 2, "mid", 2, t0);
    EXPECT_TRUE(r.expire(t0 + 4s).empty());
    const auto done = r.expire(t0 + 5s);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_FALSE(done[0].complete());
    EXPECT_EQ(done[0].missing, (std::vector<std::uint8_t>{1, 3}));
    EXPECT_EQ(done[0].octets, "mid");
    EXPECT_EQ(done[0].meta, 2);
}

TEST(Reassembler, AddExpiresFirstSoALatePartStartsAfresh) {
    parts r(10, 5s);
    const auto t0 = clock::time_point{};
    r.add({"a", 1, 2}, 1, "old", 1, t0);
    const auto done = r.add({"a", 1, 2}, 2, "new", 2, t0 + 6s);
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].octets, "old");
    EXPECT_EQ(r.open(), 1u);
}

TEST(Reassembler, CapPushesTheOldestOutIncomplete) {
    parts r(2, 60s);
    r.add({"a", 1, 2}, 1, "first", 1, {});
    r.add({"a", 2, 2}, 1, "second", 2, {});
    const auto done = r.add({"a", 3, 2}, 1, "third", 3, {});
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].octets, "first");
    EXPECT_EQ(done[0].missing, (std::vector<std::uint8_t>{2}));
    EXPECT_EQ(r.open(), 2u);
}

TEST(Reassembler, DrainReturnsEverythingOpenOldestFirst) {
    parts r(10, 60s);
    r.add({"b", 1, 2}, 2, "b2", 1, {});
    r.add({"a", 1, 2}, 1, "a1", 2, {});
    const auto done = r.drain();
    ASSERT_EQ(done.size(), 2u);
    EXPECT_EQ(done[0].octets, "b2");
    EXPECT_EQ(done[1].octets, "a1");
    EXPECT_EQ(r.open(), 0u);
}

}  // namespace
}  // namespace smpp::traffic

#pragma once
// What the fuzz targets share: a failed property aborts with a message, so libFuzzer saves the
// input as a crash (assert() would vanish under NDEBUG).
#include <cstdio>
#include <cstdlib>
#include <span>

#include "smpp/codec/codec.hpp"

namespace smpp::fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: property violated: %s\n", file, line, what);
    std::abort();
}

#define SMPP_FUZZ_REQUIRE(cond) ((cond) ? void() : ::smpp::fuzz::fail(#cond, __FILE__, __LINE__))

// The round-trip property for one frame that decoded: encode gives back the same bytes, and
// those decode to the same PDU.
inline void require_round_trip(std::span<const std::uint8_t> frame, const pdu& decoded) {
    byte_buffer again;
    SMPP_FUZZ_REQUIRE(encode(decoded, again) == command_status::ok);
    SMPP_FUZZ_REQUIRE(std::equal(again.begin(), again.end(), frame.begin(), frame.end()));
    pdu twice;
    SMPP_FUZZ_REQUIRE(decode(again, twice).ok());
    SMPP_FUZZ_REQUIRE(twice == decoded);
}

}  // namespace smpp::fuzz

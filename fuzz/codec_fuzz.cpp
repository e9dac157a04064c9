// The input is a byte stream as a peer would send it: every whole frame at its front is
// decoded, and each one that decodes must survive the round trip (check.hpp).
#include <cstddef>
#include <cstdint>

#include "check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace smpp;
    std::span<const std::uint8_t> input(data, size);
    pdu p;
    for (;;) {
        const auto frame = peek_frame(input);
        if (frame.status != frame_status::complete) {
            SMPP_FUZZ_REQUIRE(frame.status == frame_status::need_more ||
                              frame.length < header_size || frame.length > default_max_pdu_size);
            return 0;
        }
        SMPP_FUZZ_REQUIRE(frame.length >= header_size && frame.length <= input.size());
        const auto bytes = input.first(frame.length);
        if (decode(bytes, p).ok()) fuzz::require_round_trip(bytes, p);
        input = input.subspan(frame.length);
    }
}

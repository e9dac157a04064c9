#include "smpp/codec/codec.hpp"

namespace smpp {

frame_result peek_frame(std::span<const std::uint8_t> input, std::size_t max_pdu_size) noexcept {
    if (input.size() < 4) return {frame_status::need_more};
    const std::size_t length = std::size_t{input[0]} << 24 | std::size_t{input[1]} << 16 |
                               std::size_t{input[2]} << 8 | std::size_t{input[3]};
    if (length < header_size || length > max_pdu_size) return {frame_status::bad_length, length};
    if (input.size() < length) return {frame_status::need_more, length};
    return {frame_status::complete, length};
}

pdu make_header_only(command_id id, std::uint32_t sequence, command_status status) {
    return pdu{id, status, sequence, {}};
}

}  // namespace smpp

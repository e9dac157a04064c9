#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "smpp/codec/pdu.hpp"

namespace smpp {

using byte_buffer = std::vector<std::uint8_t>;

// Default ceiling for command_length. Larger frames are refused before any body is buffered.
constexpr std::size_t default_max_pdu_size = 64 * 1024;

enum class frame_status {
    need_more,   // fewer bytes than the frame needs; read more and ask again
    complete,    // frame_result::length bytes form one PDU
    bad_length,  // command_length < 16 or above the limit: answer generic_nack and close
};

struct frame_result {
    frame_status status;
    std::size_t length = 0;  // valid when complete
};

// Looks at the start of `input` and says whether a whole PDU is there. Never reads past it.
frame_result peek_frame(std::span<const std::uint8_t> input,
                        std::size_t max_pdu_size = default_max_pdu_size) noexcept;

struct decode_result {
    // ok, or the status the PDU must be answered with (in its _resp, or generic_nack when the
    // command id is unknown). The header fields of `out` are filled even when this is an error.
    command_status status = command_status::ok;
    bool ok() const noexcept { return status == command_status::ok; }
};

// Decodes exactly one frame (as delimited by peek_frame). Trailing bytes that do not form
// well-formed TLVs are an error, as are missing C-string terminators and over-long fields.
decode_result decode(std::span<const std::uint8_t> frame, pdu& out);

// Appends the encoded PDU to `out` (so several PDUs coalesce in one buffer). Returns ok, or the
// status describing why the PDU can't be put on the wire (field too long, body type does not
// match command id); `out` is unchanged then.
command_status encode(const pdu& p, byte_buffer& out);

// Helpers for the common case of a header-only PDU (unbind, enquire_link, their responses,
// generic_nack).
pdu make_header_only(command_id id, std::uint32_t sequence,
                     command_status status = command_status::ok);

}  // namespace smpp

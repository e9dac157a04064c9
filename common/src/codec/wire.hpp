#pragma once
// Big-endian primitives. The reader is bounds-checked on every access: a malformed PDU can
// make it fail, never read past the frame.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "smpp/codec/codec.hpp"

namespace smpp::detail {

class reader {
public:
    explicit reader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

    std::size_t remaining() const noexcept { return bytes_.size() - pos_; }

    bool u8(std::uint8_t& v) noexcept {
        if (remaining() < 1) return false;
        v = bytes_[pos_++];
        return true;
    }
    bool u16(std::uint16_t& v) noexcept {
        if (remaining() < 2) return false;
        v = static_cast<std::uint16_t>(bytes_[pos_] << 8 | bytes_[pos_ + 1]);
        pos_ += 2;
        return true;
    }
    bool u32(std::uint32_t& v) noexcept {
        if (remaining() < 4) return false;
        v = std::uint32_t{bytes_[pos_]} << 24 | std::uint32_t{bytes_[pos_ + 1]} << 16 |
            std::uint32_t{bytes_[pos_ + 2]} << 8 | std::uint32_t{bytes_[pos_ + 3]};
        pos_ += 4;
        return true;
    }
    bool octets(std::size_t n, std::string& out) {
        if (remaining() < n) return false;
        out.assign(reinterpret_cast<const char*>(bytes_.data() + pos_), n);
        pos_ += n;
        return true;
    }

    enum class cstring_error { none, too_long, unterminated };

    // Reads a NUL-terminated string of at most max_size octets including the NUL.
    cstring_error cstring(std::size_t max_size, std::string& out) {
        const std::size_t window = std::min(max_size, remaining());
        for (std::size_t i = 0; i < window; ++i) {
            if (bytes_[pos_ + i] == 0) {
                out.assign(reinterpret_cast<const char*>(bytes_.data() + pos_), i);
                pos_ += i + 1;
                return cstring_error::none;
            }
        }
        return remaining() > max_size ? cstring_error::too_long : cstring_error::unterminated;
    }

private:
    std::span<const std::uint8_t> bytes_;
    std::size_t pos_ = 0;
};

inline void put_u8(byte_buffer& out, std::uint8_t v) { out.push_back(v); }
inline void put_u16(byte_buffer& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
inline void put_u32(byte_buffer& out, std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 24));
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}
inline void put_octets(byte_buffer& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }
inline void put_cstring(byte_buffer& out, std::string_view s) {
    put_octets(out, s);
    out.push_back(0);
}
inline void patch_u32(byte_buffer& out, std::size_t at, std::uint32_t v) {
    out[at] = static_cast<std::uint8_t>(v >> 24);
    out[at + 1] = static_cast<std::uint8_t>(v >> 16);
    out[at + 2] = static_cast<std::uint8_t>(v >> 8);
    out[at + 3] = static_cast<std::uint8_t>(v);
}

}  // namespace smpp::detail

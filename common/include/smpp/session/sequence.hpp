#pragma once
#include <cstdint>

namespace smpp {

// §5.1.4: sequence numbers run 0x00000001..0x7FFFFFFF and then wrap back to 1.
class sequence_counter {
public:
    static constexpr std::uint32_t first = 1;
    static constexpr std::uint32_t last = 0x7FFFFFFF;

    explicit sequence_counter(std::uint32_t start = first) noexcept : next_(start) {}

    std::uint32_t next() noexcept {
        const std::uint32_t s = next_;
        next_ = s == last ? first : s + 1;
        return s;
    }

private:
    std::uint32_t next_;
};

}  // namespace smpp

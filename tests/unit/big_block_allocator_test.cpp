#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "smpp/mc/big_block_allocator.hpp"

namespace {

using smpp::mc::big_block_allocator;

TEST(BigBlockAllocator, BigBlocksAreAlignedForHugePagesAndUsable) {
    std::vector<std::uint64_t, big_block_allocator<std::uint64_t>> v;
    v.reserve(3 << 20 >> 3);  // 3 MiB
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(v.data()) % (2 << 20), 0u);
    v.resize(v.capacity(), 7);
    v.push_back(8);  // grows past the block: a new big block, the old one freed
    EXPECT_EQ(v.front(), 7u);
    EXPECT_EQ(v.back(), 8u);
}

TEST(BigBlockAllocator, SmallBlocksWork) {
    std::vector<int, big_block_allocator<int>> v{1, 2, 3};
    v.push_back(4);
    EXPECT_EQ(v.size(), 4u);
    EXPECT_EQ(v[3], 4);
}

}  // namespace

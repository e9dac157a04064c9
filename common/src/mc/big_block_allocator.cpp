#include "smpp/mc/big_block_allocator.hpp"

#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace smpp::mc::detail {

void* allocate_big_block(std::size_t bytes) {
    const auto rounded = (bytes + big_block - 1) / big_block * big_block;
    void* p = std::aligned_alloc(big_block, rounded);
    if (!p) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
    // Only a hint: without transparent huge pages the block simply stays in small pages.
    ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

void free_big_block(void* p) noexcept { std::free(p); }

}  // namespace smpp::mc::detail

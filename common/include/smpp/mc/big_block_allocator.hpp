#pragma once
// An allocator for the MC's big tables (the message store's records). Blocks of 2 MiB and more
// are aligned to 2 MiB and offered to the kernel for huge pages: filling a 100,000-message store
// then costs a few dozen page faults instead of some 8,000, each of which costs tens of
// microseconds on a virtual machine (the cold store ran at a third of the warm one's speed).
// Smaller blocks come from operator new. Where huge pages are not available this is a plain
// aligned allocation.
#include <cstddef>
#include <new>

namespace smpp::mc {

namespace detail {
constexpr std::size_t big_block = std::size_t{2} << 20;
void* allocate_big_block(std::size_t bytes);  // throws std::bad_alloc
void free_big_block(void* p) noexcept;
}  // namespace detail

template <typename T>
struct big_block_allocator {
    using value_type = T;

    big_block_allocator() = default;
    template <typename U>
    big_block_allocator(const big_block_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > std::size_t(-1) / sizeof(T)) throw std::bad_alloc();
        const auto bytes = n * sizeof(T);
        if (bytes < detail::big_block) return static_cast<T*>(::operator new(bytes));
        return static_cast<T*>(detail::allocate_big_block(bytes));
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < detail::big_block)
            ::operator delete(p);
        else
            detail::free_big_block(p);
    }

    template <typename U>
    friend bool operator==(const big_block_allocator&, const big_block_allocator<U>&) noexcept {
        return true;
    }
};

}  // namespace smpp::mc

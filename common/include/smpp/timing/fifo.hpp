#pragma once
// A first-in first-out queue that allocates nothing until its first push. std::deque allocates
// its map and one block when constructed (576 bytes or more), and a queue per session that is
// empty nearly always cost every bound session that much (issue #12). Grows by doubling, never
// shrinks: a queue that was busy once keeps its room, so a push costs no allocation after that.
#include <cstddef>
#include <utility>
#include <vector>

namespace smpp::timing {

// T must be default-constructible and movable; a popped slot is reset to T{}, which frees what
// the item held.
template <typename T>
class fifo {
public:
    bool empty() const noexcept { return size_ == 0; }
    std::size_t size() const noexcept { return size_; }
    T& front() noexcept { return slots_[head_]; }
    const T& front() const noexcept { return slots_[head_]; }

    template <typename... Args>
    T& emplace_back(Args&&... args) {
        if (size_ == slots_.size()) grow();
        T& slot = slots_[(head_ + size_) % slots_.size()];
        slot = T{std::forward<Args>(args)...};
        ++size_;
        return slot;
    }
    void push_back(T item) { emplace_back(std::move(item)); }

    void pop_front() {
        slots_[head_] = T{};
        head_ = (head_ + 1) % slots_.size();
        --size_;
    }

    // Oldest first.
    template <typename Each>
    void for_each(Each each) {
        for (std::size_t i = 0; i < size_; ++i) each(slots_[(head_ + i) % slots_.size()]);
    }

    void clear() {
        while (!empty()) pop_front();
    }

private:
    void grow() {
        std::vector<T> bigger(slots_.empty() ? 4 : 2 * slots_.size());
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = std::move(slots_[(head_ + i) % slots_.size()]);
        slots_ = std::move(bigger);
        head_ = 0;
    }

    std::vector<T> slots_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

}  // namespace smpp::timing

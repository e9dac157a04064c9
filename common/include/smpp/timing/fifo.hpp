#pragma once
// A first-in first-out queue that allocates nothing until its first push. std::deque allocates
// its map and one block when constructed (576 bytes or more), and a queue per session that is
// empty nearly always cost every bound session that much (issue #12). Once used, it is a
// std::deque, kept: a queue that was busy once pushes without allocating its map again, and a
// long one (receipts held for a full window) costs what a deque does. A ring over a vector was
// tried first: doubling a vector of 100,000 receipts default-constructs and moves them all,
// and W1r's MC spent its time in page faults.
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <utility>

namespace smpp::timing {

template <typename T>
class fifo {
public:
    bool empty() const noexcept { return !items_ || items_->empty(); }
    std::size_t size() const noexcept { return items_ ? items_->size() : 0; }
    T& front() noexcept { return items_->front(); }
    const T& front() const noexcept { return items_->front(); }

    template <typename... Args>
    T& emplace_back(Args&&... args) {
        if (!items_) items_ = std::make_unique<std::deque<T>>();
        return items_->emplace_back(std::forward<Args>(args)...);
    }
    void push_back(T item) { emplace_back(std::move(item)); }
    // Jumps the queue: a retry goes before what was waiting.
    void push_front(T item) {
        if (!items_) items_ = std::make_unique<std::deque<T>>();
        items_->push_front(std::move(item));
    }
    void pop_front() { items_->pop_front(); }

    // Oldest first.
    template <typename Each>
    void for_each(Each each) {
        if (items_)
            for (auto& item : *items_) each(item);
    }

    // Takes out the first item `pred` accepts (a linear scan, for control paths, not traffic).
    template <typename Pred>
    std::optional<T> take_if(Pred pred) {
        if (!items_) return std::nullopt;
        for (auto it = items_->begin(); it != items_->end(); ++it) {
            if (!pred(std::as_const(*it))) continue;
            T item = std::move(*it);
            items_->erase(it);
            return item;
        }
        return std::nullopt;
    }

    void clear() {
        if (items_) items_->clear();
    }

private:
    std::unique_ptr<std::deque<T>> items_;
};

}  // namespace smpp::timing

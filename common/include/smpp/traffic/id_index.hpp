#pragma once
// Finds the part a receipt reports on from the message_id it names. MCs disagree with
// themselves: the submit_sm_resp may give "1F" or "0000001f" while the receipt text says "31".
// So the literal id is tried first, then the same number read in the same base, then the
// number read in the other base. Open addressing in one flat array, reserved up front and
// doubled when full: no allocation per message, no scan per lookup.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smpp::traffic {

class id_index {
public:
    // Room for `slots` parts (slot numbers 0..slots-1), `expected` of them indexed.
    void reserve(std::size_t slots, std::size_t expected);
    // Keeps `id` as the slot's message_id; with `indexed`, find() can return the slot.
    void add(std::uint32_t slot, std::string_view id, bool indexed);
    // The slot's message_id; empty when it has none (not accepted).
    std::string_view id_of(std::uint32_t slot) const noexcept;
    std::optional<std::uint32_t> find(std::string_view id) const noexcept;

private:
    enum class kind : std::uint8_t { literal, hex, decimal };
    struct cell {
        std::uint64_t key = 0;
        std::uint32_t slot = 0;
        kind what = kind::literal;
        bool used = false;
    };
    struct span {
        std::uint32_t at = 0;
        std::uint8_t size = 0;
    };
    void insert(std::uint64_t key, kind what, std::uint32_t slot);
    std::optional<std::uint32_t> probe(std::uint64_t key, kind what, std::string_view literal) const noexcept;
    void rehash(std::size_t size);
    std::uint32_t keep(std::string_view id);

    std::vector<cell> cells_;
    std::size_t used_ = 0;
    // Every id, back to back, in fixed blocks that never move: no copy of all ids when one
    // more does not fit, and no memory touched before ids arrive.
    std::vector<std::unique_ptr<char[]>> blocks_;
    std::uint32_t end_ = 0;   // offset past the last id kept
    std::vector<span> ids_;   // by slot
};

}  // namespace smpp::traffic

#include "smpp/traffic/id_index.hpp"

#include <algorithm>
#include <bit>
#include <charconv>

namespace smpp::traffic {
namespace {

// Reserving for more than this many ids up front would cost memory a run may never use; past
// it the table doubles as it fills.
constexpr std::size_t max_reserved_ids = 1 << 20;
// Longest id kept: receipted_message_id is at most 65 octets (§5.3.2.12).
constexpr std::size_t max_id = 255;
constexpr std::uint32_t block_size = 1 << 16;

std::uint64_t mix(std::uint64_t x) noexcept {
    // splitmix64's finaliser: sequential ids spread over the table.
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t hash_of(std::string_view s) noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    for (const unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

std::optional<std::uint64_t> number_of(std::string_view s, int base) noexcept {
    if (s.empty() || s.size() > 16) return std::nullopt;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

void id_index::reserve(std::size_t slots, std::size_t expected) {
    ids_.resize(slots);
    expected = std::min(expected, max_reserved_ids);
    // Up to three keys per id, at most half full.
    const auto wanted = std::bit_ceil(std::max<std::size_t>(16, 6 * expected));
    if (wanted > cells_.size()) rehash(wanted);
}

std::uint32_t id_index::keep(std::string_view id) {
    // An id never straddles two blocks.
    const std::size_t used = blocks_.empty() ? block_size : end_ - (blocks_.size() - 1) * block_size;
    if (used + id.size() > block_size) {
        end_ = static_cast<std::uint32_t>(blocks_.size() * block_size);
        blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size));
    }
    const auto at = end_;
    std::copy(id.begin(), id.end(), blocks_.back().get() + at % block_size);
    end_ += static_cast<std::uint32_t>(id.size());
    return at;
}

void id_index::add(std::uint32_t slot, std::string_view id, bool indexed) {
    id = id.substr(0, max_id);
    if (ids_[slot].size == 0 && !id.empty()) {
        ids_[slot] = {keep(id), static_cast<std::uint8_t>(id.size())};
    }
    if (!indexed || id.empty()) return;
    insert(hash_of(id), kind::literal, slot);
    if (const auto v = number_of(id, 16)) insert(*v, kind::hex, slot);
    if (const auto v = number_of(id, 10)) insert(*v, kind::decimal, slot);
}

std::string_view id_index::id_of(std::uint32_t slot) const noexcept {
    if (slot >= ids_.size()) return {};
    const auto s = ids_[slot];
    if (s.size == 0) return {};
    return {blocks_[s.at / block_size].get() + s.at % block_size, s.size};
}

void id_index::insert(std::uint64_t key, kind what, std::uint32_t slot) {
    if (2 * (used_ + 1) > cells_.size()) rehash(std::max<std::size_t>(16, 2 * cells_.size()));
    const auto mask = cells_.size() - 1;
    for (auto at = mix(key ^ static_cast<std::uint64_t>(what)) & mask;; at = (at + 1) & mask) {
        auto& c = cells_[at];
        if (!c.used) {
            c = {key, slot, what, true};
            ++used_;
            return;
        }
    }
}

void id_index::rehash(std::size_t size) {
    auto old = std::move(cells_);
    cells_.assign(size, cell{});
    used_ = 0;
    for (const auto& c : old)
        if (c.used) insert(c.key, c.what, c.slot);
}

std::optional<std::uint32_t> id_index::probe(std::uint64_t key, kind what, std::string_view literal) const noexcept {
    if (cells_.empty()) return std::nullopt;
    const auto mask = cells_.size() - 1;
    for (auto at = mix(key ^ static_cast<std::uint64_t>(what)) & mask; cells_[at].used; at = (at + 1) & mask) {
        const auto& c = cells_[at];
        if (c.key != key || c.what != what) continue;
        // Two ids may share a hash: only the literal itself is proof.
        if (what != kind::literal || id_of(c.slot) == literal) return c.slot;
    }
    return std::nullopt;
}

std::optional<std::uint32_t> id_index::find(std::string_view id) const noexcept {
    id = id.substr(0, max_id);
    if (id.empty()) return std::nullopt;
    if (const auto s = probe(hash_of(id), kind::literal, id)) return s;
    const auto hex = number_of(id, 16);
    const auto decimal = number_of(id, 10);
    // The same base first ("0000001f" for "1F"), then the other ("31" for "1F", "1f" for "31").
    if (hex)
        if (const auto s = probe(*hex, kind::hex, {})) return s;
    if (decimal)
        if (const auto s = probe(*decimal, kind::decimal, {})) return s;
    if (decimal)
        if (const auto s = probe(*decimal, kind::hex, {})) return s;
    if (hex)
        if (const auto s = probe(*hex, kind::decimal, {})) return s;
    return std::nullopt;
}

}  // namespace smpp::traffic

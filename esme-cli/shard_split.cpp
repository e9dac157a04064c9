#include "shard_split.hpp"

namespace smpp::esme {
namespace {

// How many of 0 .. total-1 are k modulo count.
std::uint64_t residues(std::uint64_t total, unsigned k, unsigned count) { return total > k ? (total - k - 1) / count + 1 : 0; }

}  // namespace

esme_options shard_options(const esme_options& whole, unsigned k, unsigned count) {
    esme_options o = whole;
    o.sessions = whole.sessions / count + (k < whole.sessions % count ? 1 : 0);
    o.messages.clear();
    for (std::size_t i = k; i < whole.messages.size(); i += count) o.messages.push_back(whole.messages[i]);
    const std::uint64_t listed = whole.messages.size(), total = listed + whole.synthetic_count;
    o.synthetic_count = residues(total, k, count) - residues(listed, k, count);
    // Each shard paces its own messages, so together they keep the rate and end together.
    o.rate = total != 0 ? whole.rate * static_cast<double>(residues(total, k, count)) / static_cast<double>(total)
                        : whole.rate / count;
    o.handle_signals = false;
    o.duration.reset();
    o.http.reset();
    o.progress = std::chrono::milliseconds::zero();
    o.received_path.clear();
    return o;
}

}  // namespace smpp::esme

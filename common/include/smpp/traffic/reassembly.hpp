#pragma once
// Putting a message sent in several parts back together: which message a part belongs to (a
// UDH concatenation element or the SAR TLVs), and the parts collected until all have come.
// Bounded both ways: at most `max_open` messages wait for parts at once (a new one pushes the
// oldest out, incomplete), and one that has waited `timeout` since its first part is given up.
#include <chrono>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smpp/codec/tlv.hpp"

namespace smpp::traffic {

struct part_header {
    std::uint16_t reference = 0;
    std::uint8_t total = 0;
    std::uint8_t seqnum = 0;
    friend bool operator==(const part_header&, const part_header&) = default;
};

// The concatenation element of the UDH (IEI 0x00, 8-bit reference; IEI 0x08, 16-bit) when
// `udhi` and the user data starts with a well-formed UDH, else the SAR TLVs (sar_msg_ref_num,
// sar_total_segments, sar_segment_seqnum, all three). nullopt for a message in one piece, and
// for numbers no part can have (total 0 or 1, seqnum 0 or beyond total).
std::optional<part_header> find_part(bool udhi, std::string_view user_data, const tlv_list& tlvs);

template <typename Meta>
class reassembler {
public:
    using clock = std::chrono::steady_clock;

    // `origin` tells apart messages from different senders that happen to share a reference.
    struct key {
        std::string origin;
        std::uint16_t reference = 0;
        std::uint8_t total = 0;
        friend auto operator<=>(const key&, const key&) = default;
    };

    struct message {
        Meta meta;                          // the lowest-numbered part's
        std::string octets;                 // the parts present, in order
        std::uint8_t total = 0;
        std::vector<std::uint8_t> missing;  // seqnums that never came; empty when complete
        bool complete() const noexcept { return missing.empty(); }
    };

    reassembler(std::size_t max_open, clock::duration timeout) : max_open_(max_open), timeout_(timeout) {}

    // Adds part `seqnum` (its octets without the UDH). Returns what ends now: the message this
    // part completes, and any left incomplete by the timeout or pushed out by the cap. A
    // repeated part is ignored.
    std::vector<message> add(const key& k, std::uint8_t seqnum, std::string octets, Meta meta, clock::time_point now) {
        std::vector<message> done = expire(now);
        auto it = open_.find(k);
        if (it == open_.end()) {
            if (open_.size() >= max_open_ && !order_.empty()) done.push_back(finish(order_.front()));
            it = open_.emplace(k, entry{}).first;
            it->second.started = now;
            it->second.parts.resize(k.total);
            it->second.place = order_.insert(order_.end(), it);
        }
        auto& e = it->second;
        auto& slot = e.parts[seqnum - 1];
        if (!slot) {
            if (!e.meta || seqnum < e.first) {
                e.meta = std::move(meta);
                e.first = seqnum;
            }
            slot = std::move(octets);
            ++e.have;
        }
        if (e.have == k.total) done.push_back(finish(it));
        return done;
    }

    // Gives up the messages whose first part came `timeout` or longer before `now`.
    std::vector<message> expire(clock::time_point now) {
        std::vector<message> done;
        while (!order_.empty() && now - order_.front()->second.started >= timeout_) done.push_back(finish(order_.front()));
        return done;
    }

    // Every message still waiting, incomplete: the end of the run.
    std::vector<message> drain() {
        std::vector<message> done;
        while (!order_.empty()) done.push_back(finish(order_.front()));
        return done;
    }

    std::size_t open() const noexcept { return open_.size(); }

private:
    struct entry;
    using map = std::map<key, entry>;
    struct entry {
        clock::time_point started;
        std::vector<std::optional<std::string>> parts;
        std::optional<Meta> meta;
        std::uint8_t first = 0;
        std::size_t have = 0;
        typename std::list<typename map::iterator>::iterator place;
    };

    message finish(typename map::iterator it) {
        auto& e = it->second;
        message m{std::move(*e.meta), {}, it->first.total, {}};
        for (std::size_t i = 0; i < e.parts.size(); ++i) {
            if (e.parts[i])
                m.octets += *e.parts[i];
            else
                m.missing.push_back(static_cast<std::uint8_t>(i + 1));
        }
        order_.erase(e.place);
        open_.erase(it);
        return m;
    }

    std::size_t max_open_;
    clock::duration timeout_;
    map open_;
    std::list<typename map::iterator> order_;  // by first arrival: the oldest is at the front
};

}  // namespace smpp::traffic

#pragma once
// Mobile-originated (MO) messages the MC makes up for its ESMEs: their deliver_sm bodies, split
// the way the ESME splits its submissions (smpp/traffic/text.hpp); --mo-rate and --mo-file
// pacing them; --echo turning a submission around. Plain code, the time passed in: the MC arms
// one timer for each next_deadline().
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "smpp/codec/pdu.hpp"
#include "smpp/traffic/pacer.hpp"
#include "smpp/traffic/text.hpp"

namespace smpp::mc {

struct mo_message {
    std::string system_id;  // whose receivers get it (a script line); unused by --mo-rate
    std::string from;
    std::string to;
    std::string text;  // UTF-8
    // 0 (GSM 7-bit), 3 (Latin-1) or 8 (UCS-2); none: the smallest alphabet that holds the text.
    std::optional<std::uint8_t> data_coding;
    std::uint8_t esm_class = 0;  // 0x40 (UDHI) is added to the parts of a long text
    tlv_list tlvs;               // added to every part
    std::chrono::milliseconds after{0};  // a script line: played this long after the line before
    friend bool operator==(const mo_message&, const mo_message&) = default;
};

// The deliver_sm bodies of `m`: one, or the parts of a long text (with a UDH numbered
// `reference`, or one message_payload). Empty when the text has no encoding in its data_coding
// or needs more than 255 parts.
std::vector<sm_body> mo_bodies(const mo_message& m, traffic::long_mode mode, std::uint8_t reference);

// `pattern` with every "{n}" replaced by `n`.
std::string with_counter(std::string_view pattern, std::uint64_t n);

// The MO echoing an accepted submit_sm: from its destination back to its source, with the same
// octets, data_coding and UDH (so a long message comes back in the same parts).
sm_body echo_of(const sm_body& submit);

// --mo-rate R: R ticks a second, spread evenly; each tick makes one MO for every system_id
// with a receiver bound. A pause (nobody bound, a late timer) is not made up with a burst.
class mo_rate {
public:
    using clock = std::chrono::steady_clock;

    explicit mo_rate(double per_second) : pacer_(per_second), on_(per_second > 0) {}

    // How many ticks are due at `now`; they count as done.
    std::size_t take_due(clock::time_point now) noexcept;
    // When the next tick is due; nothing when the rate is 0.
    std::optional<clock::time_point> next_deadline(clock::time_point now) const noexcept;

private:
    traffic::pacer pacer_;
    bool on_;
};

// --mo-file: its lines in order, each `after` the one before (measured from when that one was
// due, so late timers do not add up).
class mo_script {
public:
    using clock = std::chrono::steady_clock;

    explicit mo_script(std::vector<mo_message> lines = {}) : lines_(std::move(lines)) {}

    // Playing starts: the first line is due `after` from `now`.
    void start(clock::time_point now) noexcept;
    // Hands every line due at `now` to `each(const mo_message&)`, in order; returns how many.
    template <typename Each>
    std::size_t take_due(clock::time_point now, Each each) {
        std::size_t n = 0;
        while (const auto due = next_deadline()) {
            if (*due > now) break;
            last_due_ = *due;
            each(lines_[next_++]);
            ++n;
        }
        return n;
    }
    // When the next line is due; nothing before start() and after the last line.
    std::optional<clock::time_point> next_deadline() const noexcept;
    std::size_t left() const noexcept { return lines_.size() - next_; }

private:
    std::vector<mo_message> lines_;
    std::size_t next_ = 0;
    bool started_ = false;
    clock::time_point last_due_{};
};

}  // namespace smpp::mc

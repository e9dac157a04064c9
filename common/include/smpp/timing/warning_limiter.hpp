#pragma once
// Warnings a peer can cause at will (PDUs we reject, responses that answer nothing, failed
// binds), rate-limited per peer: a stranger that sent 800 KB of enquire_link_resp wrote 50,000
// warning lines before this. The first few of an interval go out in full; past those, one
// summary line per interval says how many were left out. Plain arithmetic on the time passed
// in, tested in virtual time.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace smpp::timing {

struct warning_limits {
    std::uint32_t burst = 5;  // warnings in full per interval
    std::chrono::steady_clock::duration interval = std::chrono::seconds(10);
};

class warning_limiter {
public:
    using clock = std::chrono::steady_clock;

    struct verdict {
        bool log = false;              // write this warning in full
        std::uint64_t suppressed = 0;  // nonzero: first write one line saying this many were left out
    };

    explicit warning_limiter(warning_limits limits = {}) : limits_(limits) {}

    verdict on_warning(clock::time_point now);
    // Left out and not yet reported: for a last summary when the peer goes away.
    std::uint64_t take_suppressed() noexcept;
    // No warning for a whole interval: nothing left to say but take_suppressed().
    bool quiet_at(clock::time_point now) const noexcept { return now - last_ >= limits_.interval; }

private:
    warning_limits limits_;
    clock::time_point window_start_{};
    clock::time_point last_{};
    std::uint32_t in_full_ = 0;  // warnings written in full in this window
    std::uint64_t suppressed_ = 0;
    bool started_ = false;
};

// One limiter per key (a peer address, when one peer may open many connections), forgotten
// once quiet.
class keyed_warning_limiter {
public:
    using clock = warning_limiter::clock;

    explicit keyed_warning_limiter(warning_limits limits = {}) : limits_(limits) {}

    warning_limiter::verdict on_warning(std::string_view key, clock::time_point now);
    std::size_t tracked() const noexcept { return limiters_.size(); }

private:
    void sweep(clock::time_point now);

    warning_limits limits_;
    std::unordered_map<std::string, warning_limiter> limiters_;
    std::size_t sweep_at_ = 1024;
};

}  // namespace smpp::timing

#pragma once
// Prometheus metrics for both binaries: plain counters, gauges and histograms that the I/O
// thread bumps (no lock, no allocation: whoever counts resolves its labels once, to a member or
// a slot of a fixed array), and a writer of the text exposition format (version 0.0.4) that a
// scrape of GET /metrics renders them with.
#include <array>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace smpp::cli::metrics {

// Only ever goes up (reset with the process, or POST /reset).
struct counter {
    std::uint64_t value = 0;
    void inc(std::uint64_t n = 1) noexcept { value += n; }
};

// Response latencies, seconds: 1 ms to 10 s, enough to tell a loopback MC from a slow one.
inline constexpr std::array<double, 14> latency_bounds{0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
                                                       0.1,    0.2,   0.5,   1,     2,    5,    10};

// Cumulative buckets over fixed upper bounds (a +Inf bucket beyond), their count and sum.
class histogram {
public:
    static constexpr std::size_t max_bounds = 16;
    explicit histogram(std::span<const double> bounds = latency_bounds);
    // A binary search over at most 16 bounds: no allocation, nothing that grows.
    void observe(double value) noexcept;
    std::span<const double> bounds() const noexcept { return {bounds_.data(), size_}; }
    // Observations at or below bounds()[i], not cumulative; [size] holds those beyond.
    std::uint64_t in_bucket(std::size_t i) const noexcept { return buckets_[i]; }
    std::uint64_t count() const noexcept { return count_; }
    double sum() const noexcept { return sum_; }
    // Adds another histogram's observations (same bounds): for totals over sessions.
    void merge(const histogram& other) noexcept;

private:
    std::array<double, max_bounds> bounds_{};
    std::array<std::uint64_t, max_bounds + 1> buckets_{};
    std::size_t size_ = 0;
    std::uint64_t count_ = 0;
    double sum_ = 0;
};

using label = std::pair<std::string_view, std::string_view>;
using labels = std::initializer_list<label>;

// Appends the text format to one string, family by family: family() writes # HELP and # TYPE,
// then the samples of that family follow. Label values are escaped as the format asks.
class text_writer {
public:
    explicit text_writer(std::string& out) : out_(out) {}
    enum class type { counter, gauge, histogram };
    void family(std::string_view name, type t, std::string_view help);
    void sample(std::string_view name, labels l, double value);
    void sample(std::string_view name, labels l, std::uint64_t value);
    // name_bucket{...,le="..."}, name_sum, name_count.
    void sample(std::string_view name, labels l, const histogram& h);

private:
    void name_and_labels(std::string_view name, labels l, const label* extra = nullptr);
    std::string& out_;
};

// message_state values 1..8 (enroute .. rejected) as label values: "enroute", "delivered", ...
inline constexpr std::size_t state_slots = 9;  // indexed by the state itself; 0 unused
std::string_view state_label(std::size_t state) noexcept;

// smpp_<prefix>_build_info{version,commit} 1 and smpp_<prefix>_uptime_seconds.
void write_process(text_writer& w, std::string_view prefix, std::chrono::steady_clock::duration up);

// What the HTTP server answers /metrics with.
inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace smpp::cli::metrics

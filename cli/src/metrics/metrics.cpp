#include "smpp/cli/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "smpp/cli/cli.hpp"

namespace smpp::cli::metrics {

histogram::histogram(std::span<const double> bounds) : size_(bounds.size()) {
    if (bounds.size() > max_bounds || !std::is_sorted(bounds.begin(), bounds.end()))
        throw std::invalid_argument("histogram: at most 16 bounds, ascending");
    std::copy(bounds.begin(), bounds.end(), bounds_.begin());
}

void histogram::observe(double value) noexcept {
    const auto end = bounds_.begin() + static_cast<std::ptrdiff_t>(size_);
    ++buckets_[static_cast<std::size_t>(std::lower_bound(bounds_.begin(), end, value) - bounds_.begin())];
    ++count_;
    sum_ += value;
}

void histogram::merge(const histogram& other) noexcept {
    for (std::size_t i = 0; i <= size_ && i <= other.size_; ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    sum_ += other.sum_;
}

namespace {

void append_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        char text[32];
        out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
    }
}

// The format's escapes: backslash, double quote and line feed in label values; backslash and
// line feed in help text.
void append_escaped(std::string& out, std::string_view s, bool quote) {
    for (const char c : s) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '"' && quote) out += "\\\"";
        else out += c;
    }
}

constexpr std::string_view name_of(text_writer::type t) {
    switch (t) {
    case text_writer::type::counter: return "counter";
    case text_writer::type::gauge: return "gauge";
    case text_writer::type::histogram: return "histogram";
    }
    return "untyped";
}

}  // namespace

void text_writer::family(std::string_view name, type t, std::string_view help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    append_escaped(out_, help, false);
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += name_of(t);
    out_ += '\n';
}

void text_writer::name_and_labels(std::string_view name, labels l, const label* extra) {
    out_ += name;
    if (l.size() == 0 && !extra) return;
    out_ += '{';
    bool first = true;
    auto one = [&](const label& kv) {
        if (!first) out_ += ',';
        first = false;
        out_ += kv.first;
        out_ += "=\"";
        append_escaped(out_, kv.second, true);
        out_ += '"';
    };
    for (const auto& kv : l) one(kv);
    if (extra) one(*extra);
    out_ += '}';
}

void text_writer::sample(std::string_view name, labels l, double value) {
    name_and_labels(name, l);
    out_ += ' ';
    append_number(out_, value);
    out_ += '\n';
}

void text_writer::sample(std::string_view name, labels l, std::uint64_t value) {
    name_and_labels(name, l);
    out_ += ' ';
    out_ += std::to_string(value);
    out_ += '\n';
}

void text_writer::sample(std::string_view name, labels l, const histogram& h) {
    const std::string bucket = std::string(name) + "_bucket";
    std::uint64_t below = 0;
    std::string le;
    for (std::size_t i = 0; i <= h.bounds().size(); ++i) {
        below += h.in_bucket(i);
        le.clear();
        append_number(le, i < h.bounds().size() ? h.bounds()[i] : INFINITY);
        const label extra{"le", le};
        name_and_labels(bucket, l, &extra);
        out_ += ' ';
        out_ += std::to_string(below);
        out_ += '\n';
    }
    sample(std::string(name) + "_sum", l, h.sum());
    sample(std::string(name) + "_count", l, h.count());
}

std::string_view state_label(std::size_t state) noexcept {
    constexpr std::array<std::string_view, state_slots> names{"unknown",       "enroute",  "delivered", "expired", "deleted",
                                                              "undeliverable", "accepted", "unknown",   "rejected"};
    return state < names.size() ? names[state] : "unknown";
}

void write_process(text_writer& w, std::string_view prefix, std::chrono::steady_clock::duration up) {
    const std::string info = "smpp_" + std::string(prefix) + "_build_info";
    w.family(info, text_writer::type::gauge, "always 1: the version and git commit of the binary");
    w.sample(info, {{"version", version_number()}, {"commit", git_commit()}}, std::uint64_t{1});
    const std::string uptime = "smpp_" + std::string(prefix) + "_uptime_seconds";
    w.family(uptime, text_writer::type::gauge, "seconds since the process started serving");
    w.sample(uptime, {}, std::chrono::duration<double>(up).count());
}

}  // namespace smpp::cli::metrics

#include "smpp/codec/smpp_time.hpp"

#include <array>

namespace smpp {
namespace {

// The two-digit number at `at`, or -1 when either is not a digit.
int two_digits(std::string_view s, std::size_t at) noexcept {
    const auto d = [](char c) { return c >= '0' && c <= '9' ? c - '0' : -1; };
    const int hi = d(s[at]), lo = d(s[at + 1]);
    return hi < 0 || lo < 0 ? -1 : hi * 10 + lo;
}

}  // namespace

std::chrono::system_clock::time_point smpp_time::from(std::chrono::system_clock::time_point reference) const {
    using namespace std::chrono;
    if (!relative) return at;
    if (calendar_months == months::zero()) return reference + after;
    const auto day = floor<days>(reference);
    auto date = year_month_day(day) + calendar_months;
    if (!date.ok()) date = date.year() / date.month() / last;
    return sys_days(date) + (reference - day) + after;
}

std::optional<smpp_time> parse_smpp_time(std::string_view text) noexcept {
    using namespace std::chrono;
    if (text.size() != 16) return std::nullopt;
    // YY MM DD hh mm ss, then t (one digit) and nn.
    std::array<int, 6> f{};
    for (std::size_t i = 0; i < f.size(); ++i)
        if ((f[i] = two_digits(text, 2 * i)) < 0) return std::nullopt;
    const int tenths = text[12] >= '0' && text[12] <= '9' ? text[12] - '0' : -1;
    const int quarters = two_digits(text, 13);
    if (tenths < 0 || quarters < 0) return std::nullopt;
    const char p = text[15];
    if (p == 'R')
        return smpp_time{.relative = true,
                         .calendar_months = months(12 * f[0] + f[1]),
                         .after = days(f[2]) + hours(f[3]) + minutes(f[4]) + seconds(f[5])};
    if (p != '+' && p != '-') return std::nullopt;
    const year_month_day date{year(2000 + f[0]), month(static_cast<unsigned>(f[1])), day(static_cast<unsigned>(f[2]))};
    if (!date.ok() || f[3] > 23 || f[4] > 59 || f[5] > 59 || quarters > 48) return std::nullopt;
    const auto local = sys_days(date) + hours(f[3]) + minutes(f[4]) + seconds(f[5]) + milliseconds(100 * tenths);
    // Local time nn quarter hours ahead of UTC ('+') is that much later than UTC.
    const auto offset = minutes(15 * quarters);
    return smpp_time{.at = time_point_cast<system_clock::duration>(p == '+' ? local - offset : local + offset)};
}

}  // namespace smpp

#pragma once
// SMPP 3.4 times (§7.1.1), as schedule_delivery_time, validity_period and final_date carry them:
// "YYMMDDhhmmsstnnp". Absolute when p is '+' or '-' (local time, nn quarter hours ahead of or
// behind UTC); relative to the submission when p is 'R' (YY years, MM months, ... from then).
#include <chrono>
#include <optional>
#include <string_view>

namespace smpp {

struct smpp_time {
    bool relative = false;
    std::chrono::system_clock::time_point at;  // absolute: the instant, in UTC
    std::chrono::seconds after{};              // relative: how long after the reference

    // When it falls for a message submitted at `reference`.
    std::chrono::system_clock::time_point from(std::chrono::system_clock::time_point reference) const {
        return relative ? reference + after : at;
    }
};

// Exactly 16 characters in one of the two forms, or nothing. Years are 2000 + YY. Relative
// months and years are their average Gregorian lengths (std::chrono::months and years).
std::optional<smpp_time> parse_smpp_time(std::string_view text) noexcept;

}  // namespace smpp

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
    std::chrono::months calendar_months{};     // relative: YY and MM, added on the calendar
    std::chrono::seconds after{};              // relative: DD hh mm ss, added after the months

    // When it falls for a message submitted at `reference` (UTC). A month later than 31 January
    // is the last day of February, as a calendar counts it.
    std::chrono::system_clock::time_point from(std::chrono::system_clock::time_point reference) const;
};

// Exactly 16 characters in one of the two forms, or nothing. Years are 2000 + YY.
std::optional<smpp_time> parse_smpp_time(std::string_view text) noexcept;

}  // namespace smpp

#pragma once
// What the pacer and ledger tests share: a made-up clock far from its epoch.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "smpp/traffic/ledger.hpp"
#include "smpp/traffic/pacer.hpp"

namespace smpp::traffic {

inline void PrintTo(outcome o, std::ostream* os) { *os << name_of(o); }

namespace ledger_test {

using namespace std::chrono_literals;
using tp = std::chrono::steady_clock::time_point;

// Far from the clock's epoch, as a real steady_clock reading is.
inline const tp t0 = tp{} + 1000h;
inline constexpr auto rtt = 2ms;

}  // namespace ledger_test
}  // namespace smpp::traffic

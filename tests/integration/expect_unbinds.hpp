#pragma once
// The assertion most integration tests end with: every unbind met its unbind_resp.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace smpp::test {

inline void expect_every_unbind_matched(const event_log& log, std::size_t sessions) {
    const auto events = log.snapshot();
    for (const auto& problem : unmatched_unbinds(events)) ADD_FAILURE() << problem;
    EXPECT_EQ(complete_unbinds(events), sessions);
}

}  // namespace smpp::test

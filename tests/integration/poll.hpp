#pragma once
// Waiting from outside on state that sends no event (an HTTP endpoint's answer, a counter on
// another thread, /proc's descriptor count): ask again until it holds or the deadline passes.
#include <chrono>
#include <thread>

namespace smpp::test {

// True once `done()` holds; false when `within` ran out first. The pause between asks is the
// poll interval, not a guess at timing: only `done()` can tell, and the deadline bounds the loop.
template <class Done>
bool poll_until(std::chrono::milliseconds within, Done done,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(interval);
    }
}

}  // namespace smpp::test

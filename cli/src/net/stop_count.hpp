#pragma once
#include <chrono>

namespace smpp::net {

// How many stops were asked for, as a person means it. One `kill -INT` can arrive twice (GNU
// timeout signals the process and its group; a terminal sends Ctrl-C to the whole job), and
// taken as a second stop it cut every unbind short. Requests within `echo_window` of the first
// are that first one; a second stop is a later one. Plain arithmetic on the time passed in, so
// the rule is tested in virtual time.
class stop_count {
public:
    using clock = std::chrono::steady_clock;
    static constexpr clock::duration default_echo_window = std::chrono::milliseconds(200);

    explicit stop_count(clock::duration echo_window = default_echo_window) : echo_window_(echo_window) {}

    // Counts one signal at `now`; returns the stops counted so far (1 for the first and its
    // echoes, 2 for the second, ...).
    int request(clock::time_point now) noexcept {
        if (count_ == 0) first_ = now;
        if (count_ != 1 || now - first_ >= echo_window_) ++count_;
        return count_;
    }
    // A request the program makes on purpose (stop(), the --duration timer): never an echo.
    int request_deliberately(clock::time_point now) noexcept {
        if (count_ == 0) first_ = now;
        return ++count_;
    }
    int count() const noexcept { return count_; }

private:
    clock::duration echo_window_;
    clock::time_point first_{};
    int count_ = 0;
};

}  // namespace smpp::net

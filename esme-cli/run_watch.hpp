#pragma once
// Two timers that watch a run from outside the traffic: the wait for receipts before a planned
// unbind (--wait-receipts; the decisions are smpp::timing::receipt_wait's) and the progress
// line on stderr (--progress). Both run on the client's one executor.
#include <chrono>
#include <functional>

#include "asio.hpp"
#include "smpp/timing/receipt_wait.hpp"
#include "traffic_driver.hpp"

namespace smpp::esme {

class receipt_waiter {
public:
    // `done` runs once when the wait ends for any reason but interrupt().
    receipt_waiter(net::asio::any_io_executor ex, const traffic::ledger& book, const traffic_driver& traffic,
                   std::function<void()> done);

    // Waits up to `limit`; runs `done` at once when nothing is owed.
    void start(clock::duration limit);
    // Something that may end the wait happened (a receipt, a submit answer).
    void check();
    // A stop request: give up without running `done`; the stop unbinds.
    void interrupt();
    bool active() const noexcept { return policy_.active(); }

private:
    timing::receipt_load load() const;
    void arm();
    void end(timing::receipt_wait::verdict v);

    net::asio::steady_timer timer_;
    const traffic::ledger& book_;
    const traffic_driver& traffic_;
    std::function<void()> done_;
    timing::receipt_wait policy_;
};

class progress_meter {
public:
    progress_meter(net::asio::any_io_executor ex, const traffic::ledger& book, const traffic_driver& traffic);
    // A line every `every` from now on; zero: never.
    void start(std::chrono::milliseconds every);
    void stop();

private:
    void arm();
    void report(clock::time_point now);

    net::asio::steady_timer timer_;
    const traffic::ledger& book_;
    const traffic_driver& traffic_;
    std::chrono::milliseconds every_{};
    clock::time_point started_{}, last_at_{};
    std::uint64_t last_answered_ = 0;
    bool running_ = false;
};

}  // namespace smpp::esme

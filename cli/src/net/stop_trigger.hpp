#pragma once
#include <csignal>
#include <functional>

#include <boost/asio/signal_set.hpp>

#include "asio.hpp"
#include "stop_count.hpp"

namespace smpp::net {

// Counts stop requests from signals, a --duration timer or stop(). The first starts the
// graceful path; the second (an impatient Ctrl-C) asks for the hard one. A request within
// stop_count's echo window of the first is that first one over again (see stop_count).
class stop_trigger {
public:
    stop_trigger(asio::io_context& io, bool handle_signals) : signals_(io), fired_(io) {
        if (handle_signals) {
            signals_.add(SIGINT);
            signals_.add(SIGTERM);
            arm();
        }
    }

    // From the program (stop(), --duration): counted as it comes.
    void request() { counted(count_.request_deliberately(stop_count::clock::now())); }
    bool requested() const noexcept { return count_.count() > 0; }
    void on_second(std::function<void()> f) { on_second_ = std::move(f); }

    awaitable<void> wait() {
        while (count_.count() == 0) {
            fired_.expires_at(asio::steady_timer::time_point::max());
            co_await fired_.async_wait(use_tuple);
        }
    }

    // Stops listening, so the io_context can run out of work and return.
    void release() {
        boost::system::error_code ignored;
        signals_.cancel(ignored);
        fired_.cancel();
    }

private:
    void arm() {
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (ec) return;
            const int before = count_.count();
            if (const int now = count_.request(stop_count::clock::now()); now != before) counted(now);
            arm();
        });
    }

    void counted(int stops) {
        if (stops == 1) fired_.cancel();
        if (stops == 2 && on_second_) on_second_();
    }

    asio::signal_set signals_;
    asio::steady_timer fired_;
    stop_count count_;
    std::function<void()> on_second_;
};

}  // namespace smpp::net

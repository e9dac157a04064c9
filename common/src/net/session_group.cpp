#include "session_group.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace smpp::net {

void session_group::add(std::shared_ptr<connection> c, std::function<awaitable<bool>(connection&)> connect,
                        std::function<void(connection&, close_reason)> done) {
    live_.emplace(c.get(), c);
    auto lifetime = [](std::shared_ptr<connection> c, std::function<awaitable<bool>(connection&)> connect,
                       std::function<void(connection&, close_reason)> done) -> awaitable<void> {
        close_reason reason;
        if (connect && !co_await connect(*c)) {
            c->abandon(close_reason::connect_failed);
            reason = *c->core().reason();
        } else {
            reason = co_await c->run();
        }
        if (done) done(*c, reason);
    };
    asio::co_spawn(emptied_.get_executor(), lifetime(c, std::move(connect), std::move(done)),
                   [this, raw = c.get()](std::exception_ptr error) {
                       // A session must never take the process down, but its failure must be seen.
                       if (error) {
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& ex) {
                               spdlog::error("session {} failed: {}", raw->number(), ex.what());
                           }
                       }
                       forget(*raw);
                   });
}

void session_group::forget(const connection& c) {
    live_.erase(&c);
    if (live_.empty()) emptied_.cancel();
}

awaitable<bool> session_group::shutdown(clock::duration deadline) {
    const auto until = clock::now() + deadline;
    // Copy first: a session that is not bound yet closes synchronously and leaves the map.
    std::vector<std::shared_ptr<connection>> all;
    for (auto& [_, c] : live_) all.push_back(c);
    for (auto& c : all) c->unbind();
    co_await until_empty(until);
    if (live_.empty()) co_return true;
    close_all();
    co_await until_empty(clock::now() + std::chrono::seconds(2));
    co_return false;
}

awaitable<bool> session_group::drain(clock::duration deadline) {
    const auto until = clock::now() + deadline;
    auto busy = [this] {
        return std::any_of(live_.begin(), live_.end(), [](const auto& entry) {
            const auto& core = entry.second->core();
            return !core.closing() && core.traffic_in_flight() != 0;
        });
    };
    // Responses arrive on the same executor, so a short poll observes every change; the
    // interval bounds how late the unbind starts after the last response.
    asio::steady_timer tick(emptied_.get_executor());
    while (busy() && clock::now() < until) {
        tick.expires_after(std::min<clock::duration>(std::chrono::milliseconds(5), until - clock::now()));
        co_await tick.async_wait(use_tuple);
    }
    co_return !busy();
}

void session_group::close_all() {
    std::vector<std::shared_ptr<connection>> all;
    for (auto& [_, c] : live_) all.push_back(c);
    for (auto& c : all) c->force_close();
}

awaitable<void> session_group::until_empty(clock::time_point deadline) {
    while (!live_.empty() && clock::now() < deadline) {
        emptied_.expires_at(deadline);
        co_await emptied_.async_wait(use_tuple);
    }
}

}  // namespace smpp::net

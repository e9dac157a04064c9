#include "smpp/net/session_group.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "connection.hpp"
#include "smpp/net/error.hpp"

namespace smpp::net {
session_group::session_group(executor_type ex, log::logger logger) : ex_(std::move(ex)), logger_(std::move(logger)) {}

session_group::~session_group() {
    // The connections' coroutines outlive the group by a turn or two; they find it gone.
    close_all();
}

client& session_group::add(client_options options) {
    clients_.push_back(std::make_unique<client>(*this, clients_.size() + 1, std::move(options)));
    return *clients_.back();
}

client* session_group::find(std::uint64_t number) noexcept {
    return number >= 1 && number <= clients_.size() ? clients_[number - 1].get() : nullptr;
}

client* session_group::find(std::string_view system_id) noexcept {
    auto it = std::find_if(clients_.begin(), clients_.end(),
                           [system_id](const auto& c) { return c->options().system_id == system_id; });
    return it == clients_.end() ? nullptr : it->get();
}

void session_group::add(std::shared_ptr<connection> c, std::function<awaitable<bool>(connection&)> connect,
                        std::function<void(connection&, close_reason)> done) {
    live_.emplace(c.get(), c);
    c->on_idle([this, alive = std::weak_ptr<int>(alive_)] {
        if (!alive.expired()) wake();
    });
    if (!connect) return run(*c, std::move(done));
    // Connecting (and a TLS handshake) is a coroutine while it lasts; the running session that
    // follows holds none.
    // `connect` may itself be a coroutine lambda, whose frame refers to the lambda: its
    // std::function must live as long as the coroutine does, so the frame below owns it.
    auto connecting = [](std::function<awaitable<bool>(connection&)> f, std::shared_ptr<connection> c) -> awaitable<bool> {
        co_return co_await f(*c);
    };
    asio::co_spawn(ex_, connecting(std::move(connect), c),
                   // `c` lives while the coroutine that uses it does, even should the group not.
                   [this, alive = std::weak_ptr<int>(alive_), c, done = std::move(done)](std::exception_ptr error,
                                                                                       bool connected) mutable {
                       if (alive.expired()) return;
                       if (!error && connected) return run(*c, std::move(done));
                       if (!error) c->abandon(close_reason::connect_failed);
                       ended(*c, done, error, c->core().reason().value_or(close_reason::connect_failed));
                   });
}

void session_group::run(connection& c, std::function<void(connection&, close_reason)> done) {
    // The group holds the connection (live_) until ended() forgets it; the connection holds its
    // own handlers, so no cycle keeps it after that.
    c.start([this, alive = std::weak_ptr<int>(alive_), raw = &c, done = std::move(done)](std::exception_ptr error,
                                                                                       close_reason reason) {
        if (!alive.expired()) ended(*raw, done, error, reason);
    });
}

void session_group::ended(connection& c, const std::function<void(connection&, close_reason)>& done,
                          std::exception_ptr error, close_reason reason) {
    // A session must never take the process down, but its failure must be seen.
    if (!error && done) {
        try {
            done(c, reason);
        } catch (...) {
            error = std::current_exception();
        }
    }
    if (error) failed(c, error);
    forget(c);
}

void session_group::failed(const connection& c, std::exception_ptr error) {
    any_failed_ = true;
    std::string what = "unknown exception";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& ex) {
        what = ex.what();
    } catch (...) {
    }
    logger_.event(log::level::error, c.who(), "session_failed", fmt::format("Session failed: {}", what));
    if (on_error_) on_error_(error);
}

void session_group::forget(const connection& c) {
    live_.erase(&c);
    wake();
}

void session_group::wake() {
    for (auto* t : waiters_) t->cancel();
}

awaitable<void> session_group::wait_change(asio::steady_timer& t, clock::time_point until) {
    t.expires_at(until);
    waiters_.push_back(&t);
    co_await t.async_wait(use_tuple);
    std::erase(waiters_, &t);
}

awaitable<bool> session_group::shutdown(clock::duration deadline) {
    const auto until = clock::now() + deadline;
    // Copy first: a session that is not bound yet closes synchronously and leaves the map.
    std::vector<std::shared_ptr<connection>> all;
    for (auto& [_, c] : live_) all.push_back(c);
    for (auto& c : all) c->unbind();
    co_await until_empty(until);
    if (live_.empty()) co_return true;
    close_overdue();
    // A forced close cancels the socket's operations, so its coroutines end at once: the one
    // deadline was `until`, none is stacked on it.
    co_await until_empty(clock::time_point::max());
    co_return false;
}

awaitable<bool> session_group::drain(clock::duration deadline) {
    const auto until = clock::now() + deadline;
    auto busy = [this] {
        return std::any_of(live_.begin(), live_.end(), [](const auto& entry) {
            const auto& core = std::as_const(*entry.second).core();
            return !core.closing() && core.traffic_in_flight() != 0;
        });
    };
    // Each connection wakes us when its last response is in (on_idle) or when it closes.
    asio::steady_timer t(ex_);
    while (busy() && clock::now() < until) co_await wait_change(t, until);
    co_return !busy();
}

void session_group::close_overdue() {
    std::vector<std::shared_ptr<connection>> all;
    for (auto& [_, c] : live_) all.push_back(c);
    // Still waiting for its unbind_resp when the deadline passed: that is what timed out.
    for (auto& c : all)
        c->force_close(std::as_const(*c).core().unbinding() ? close_reason::unbind_timeout : close_reason::forced);
}

void session_group::close_all() {
    std::vector<std::shared_ptr<connection>> all;
    for (auto& [_, c] : live_) all.push_back(c);
    for (auto& c : all) c->force_close();
}

awaitable<void> session_group::until_empty(clock::time_point deadline) {
    asio::steady_timer t(ex_);
    while (!live_.empty() && clock::now() < deadline) co_await wait_change(t, deadline);
}

void session_group::start_stop(clock::duration deadline, asio::any_completion_handler<void(boost::system::error_code)> h) {
    auto slot = h.get_cancellation_slot();
    if (slot.is_connected()) slot.assign([this](asio::cancellation_type) { close_all(); });
    asio::co_spawn(ex_, shutdown(deadline), [this, h = std::move(h)](std::exception_ptr e, bool clean) mutable {
        if (auto s = h.get_cancellation_slot(); s.is_connected()) s.clear();
        boost::system::error_code ec;
        if (e || any_failed_)
            ec = error::session_failed;
        else if (!clean)
            ec = error::stop_timeout;
        const auto target = asio::get_associated_executor(h, ex_);
        asio::dispatch(target, [h = std::move(h), ec]() mutable { std::move(h)(ec); });
    });
}

}  // namespace smpp::net

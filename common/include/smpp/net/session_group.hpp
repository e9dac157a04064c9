#pragma once
/// @file
/// The sessions of one application, stopped as one: every session unbinds at once, so stopping
/// N sessions costs one round trip, not N; one deadline then closes whatever did not finish
/// (polite, then hard). Nothing here polls: waits are woken by the sessions' own events.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "smpp/log/logger.hpp"
#include "smpp/net/client.hpp"
#include "smpp/session/events.hpp"
#include "smpp/session/pending.hpp"

namespace smpp::net {

class connection;

/// Owns client sessions (and the binaries' server-side connections) on one executor. Not
/// thread-safe: use it from its executor only, like every object on an io_context.
class session_group {
public:
    using executor_type = boost::asio::any_io_executor;
    /// What an unbind-free end of a session reports (an exception thrown in its coroutine).
    using error_handler = std::function<void(std::exception_ptr)>;

    /// `logger` receives the group's own records (a session that failed); each client logs
    /// through the logger in its client_options.
    explicit session_group(executor_type ex, log::logger logger = {});
    /// Force-closes what is still open. Stop the group (async_stop) first for a clean end.
    ~session_group();
    session_group(const session_group&) = delete;
    session_group& operator=(const session_group&) = delete;

    executor_type get_executor() const noexcept { return ex_; }

    /// Creates a client session owned by the group, numbered 1, 2, ... in the order added.
    /// Connect it with client::async_connect; it lives as long as the group.
    client& add(client_options options);
    /// The client numbered `number`, or null.
    client* find(std::uint64_t number) noexcept;
    /// The first client whose options name `system_id`, or null.
    client* find(std::string_view system_id) noexcept;
    /// Calls `f(client&)` for every client, in the order added.
    template <typename F>
    void for_each(F&& f) {
        for (auto& c : clients_) f(*c);
    }
    /// Sessions with a live connection (clients and the binaries' connections).
    std::size_t size() const noexcept { return live_.size(); }

    /// Called with the exception of any session coroutine that threw, after it is logged.
    void set_error_handler(error_handler h) { on_error_ = std::move(h); }

    /// Polite-then-hard stop of every session: all unbind at once; completes as soon as every
    /// unbind_resp is in (or the session closed otherwise), and at `deadline` at the latest,
    /// after force-closing the rest. Signature `void(boost::system::error_code)`: success,
    /// error::stop_timeout when sessions had to be force-closed, error::session_failed when a
    /// session coroutine threw. Cancelling it (its cancellation slot) force-closes at once.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_stop(clock::duration deadline, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto handler, clock::duration d) { start_stop(d, std::move(handler)); }, token, deadline);
    }

    // The binaries' interface over private connections (src/net/connection.hpp).

    /// Runs the connection (connecting it first, when `connect` is given) and forgets it when
    /// it ends; `done` learns how it ended.
    void add(std::shared_ptr<connection> c, std::function<boost::asio::awaitable<bool>(connection&)> connect,
             std::function<void(connection&, close_reason)> done);
    /// Unbinds every session and waits until all have closed or `deadline` passes, then closes
    /// the rest at once. True when every session closed by itself in time.
    boost::asio::awaitable<bool> shutdown(clock::duration deadline);
    /// Waits until no session has traffic in flight, or until `deadline`. True when everything
    /// was answered in time. The caller stops creating traffic first.
    boost::asio::awaitable<bool> drain(clock::duration deadline);
    /// Hard stop: closes every session without waiting for the peer.
    void close_all();
    /// The end of a polite stop's deadline: closes every session at once, those still waiting
    /// for their unbind_resp with close_reason::unbind_timeout, the others as forced.
    void close_overdue();
    /// Returns once no session is left, or at `deadline`.
    boost::asio::awaitable<void> until_empty(clock::time_point deadline);

private:
    void start_stop(clock::duration deadline, boost::asio::any_completion_handler<void(boost::system::error_code)> h);
    void run(connection& c, std::function<void(connection&, close_reason)> done);
    void ended(connection& c, const std::function<void(connection&, close_reason)>& done, std::exception_ptr error,
               close_reason reason);
    void failed(const connection& c, std::exception_ptr error);
    void forget(const connection& c);
    void wake();
    boost::asio::awaitable<void> wait_change(boost::asio::steady_timer& t, clock::time_point until);

    executor_type ex_;
    log::logger logger_;
    error_handler on_error_;
    std::unordered_map<const connection*, std::shared_ptr<connection>> live_;
    std::vector<std::unique_ptr<client>> clients_;
    std::vector<boost::asio::steady_timer*> waiters_;  // woken by wake(): a session closed or went idle
    bool any_failed_ = false;
    std::shared_ptr<int> alive_ = std::make_shared<int>();  // expired: the group is gone
};

}  // namespace smpp::net

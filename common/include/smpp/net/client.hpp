#pragma once
/// @file
/// An ESME session as a library object: it runs on the application's executor, logs through
/// the application's logger (or not at all), and every operation takes any Asio completion
/// token (use_awaitable, deferred, a callback, use_future) and honours its cancellation slot.
/// It installs no signal handler, prints nothing and never exits.
///
/// With GCC 12 and use_awaitable, pass named objects to the operations, not temporaries built
/// inside the co_await expression (`co_await c.async_submit({...}, use_awaitable)`): that
/// compiler copies such temporaries bitwise into the coroutine frame and frees their strings
/// twice. `auto m = sm_body{...}; co_await c.async_submit(std::move(m), use_awaitable);` is safe.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/system/error_code.hpp>

#include "smpp/codec/codec.hpp"
#include "smpp/codec/delivery_receipt.hpp"
#include "smpp/log/logger.hpp"
#include "smpp/net/error.hpp"
#include "smpp/net/tls_options.hpp"
#include "smpp/session/rules.hpp"

namespace smpp::net {

class session_group;

/// How a client reaches and binds to its MC.
struct client_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 2775;
    bind_type mode = bind_type::transceiver;
    std::string system_id;
    std::string password;
    std::string system_type;
    std::chrono::milliseconds connect_timeout{10'000};  ///< resolve + TCP connect + TLS handshake
    std::chrono::milliseconds bind_timeout{10'000};
    std::chrono::milliseconds response_timeout{10'000};  ///< every request after the bind
    std::chrono::milliseconds unbind_timeout{5'000};
    std::chrono::milliseconds enquire_link_interval{30'000};  ///< idle time before a keepalive; 0: none
    std::size_t window = 10;  ///< traffic requests in flight at once; more wait for room
    std::size_t max_pdu_size = default_max_pdu_size;
    /// After an ESME_RTHROTTLED or ESME_RMSGQFUL answer: nothing new is sent for this long, and
    /// the window halves (at least 1); each answered request then widens it by one again.
    std::chrono::milliseconds throttle_pause{1'000};
    tls_options tls;
    log::logger logger;  ///< logs nothing unless the application hands one in
};

/// A request from the MC, already answered (ESME_ROK) when the application sees it.
struct incoming {
    pdu request;  ///< deliver_sm, data_sm, alert_notification, or the MC's unbind (header only)
    std::optional<delivery_receipt> receipt;  ///< set for a deliver_sm/data_sm delivery receipt
};

namespace detail {
struct client_impl;
template <typename... Args>
using handler = boost::asio::any_completion_handler<void(boost::system::error_code, Args...)>;
}  // namespace detail

/// One SMPP 3.4 ESME session: connect, bind, requests with responses, incoming deliveries,
/// unbind. Use it from its executor only (it is not thread-safe, like every Asio I/O object).
/// Requests beyond the window wait for room rather than fail. Errors are error_codes: a local
/// failure has smpp::net::error_category() (timeout, connection_lost, not_bound...), a refusal
/// by the MC has smpp::command_status_category() with the status as value. Like an Asio socket,
/// it must outlive its operations: unbind or close it and let them complete before destroying
/// it (destroying it closes the connection at once).
class client {
public:
    using executor_type = boost::asio::any_io_executor;

    /// A client of its own, on `ex`.
    client(executor_type ex, client_options options);
    /// A client owned by `group` (see session_group::add).
    client(session_group& group, std::uint64_t number, client_options options);
    /// Closes the connection at once if it is still open: unbind first for a clean end.
    ~client();
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    executor_type get_executor() const noexcept;
    const client_options& options() const noexcept;
    /// 1 for a client of its own; its number within the group otherwise.
    std::uint64_t number() const noexcept;
    bool is_bound() const noexcept;

    /// Resolves, connects, handshakes (TLS) and binds. `void(error_code)`: success once bound;
    /// error::connect_failed, error::timeout (no bind_resp), or the MC's bind_resp status.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_connect(Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto h) { start_connect(std::move(h)); }, token);
    }
    /// submit_sm. `void(error_code, sm_resp_body)`: the MC's message_id on success.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_submit(sm_body body, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, sm_resp_body)>(
            [this](auto h, sm_body b) { start_submit(std::move(b), std::move(h)); }, token, std::move(body));
    }
    /// data_sm. `void(error_code, data_sm_resp_body)`.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_data_sm(data_sm_body body, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, data_sm_resp_body)>(
            [this](auto h, data_sm_body b) { start_data_sm(std::move(b), std::move(h)); }, token, std::move(body));
    }
    /// query_sm. `void(error_code, query_sm_resp_body)`.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_query(query_sm_body body, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, query_sm_resp_body)>(
            [this](auto h, query_sm_body b) { start_query(std::move(b), std::move(h)); }, token, std::move(body));
    }
    /// cancel_sm. `void(error_code)`.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_cancel(cancel_sm_body body, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto h, pdu_body b) { start_plain(command_id::cancel_sm, std::move(b), std::move(h)); }, token,
            pdu_body{std::move(body)});
    }
    /// replace_sm. `void(error_code)`.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_replace(replace_sm_body body, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto h, pdu_body b) { start_plain(command_id::replace_sm, std::move(b), std::move(h)); }, token,
            pdu_body{std::move(body)});
    }
    /// enquire_link, outside the window. `void(error_code)`.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_enquire_link(Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto h) { start_plain(command_id::enquire_link, {}, std::move(h)); }, token);
    }
    /// Graceful end: unbind, wait for unbind_resp (or unbind_timeout), close. Requests in flight
    /// still get their answers meanwhile; queued ones fail with error::shutting_down.
    /// `void(error_code)`: success on unbind_resp; error::timeout at the deadline.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_unbind(Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [this](auto h) { start_unbind(std::move(h)); }, token);
    }
    /// The next request from the MC (deliver_sm, data_sm, alert_notification, its unbind), in
    /// arrival order. `void(error_code, incoming)`; error::connection_lost once closed and
    /// nothing is left. Unused when a handler is set.
    template <typename Token = boost::asio::default_completion_token_t<executor_type>>
    auto async_receive(Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, incoming)>(
            [this](auto h) { start_receive(std::move(h)); }, token);
    }
    /// Hands every request from the MC to `h` (on the executor) instead of async_receive.
    void set_handler(std::function<void(const incoming&)> h);
    /// Hard stop: closes the connection without unbind. Pending operations fail.
    void close();

private:
    void start_connect(detail::handler<> h);
    void start_submit(sm_body b, detail::handler<sm_resp_body> h);
    void start_data_sm(data_sm_body b, detail::handler<data_sm_resp_body> h);
    void start_query(query_sm_body b, detail::handler<query_sm_resp_body> h);
    void start_plain(command_id id, pdu_body b, detail::handler<> h);
    void start_unbind(detail::handler<> h);
    void start_receive(detail::handler<incoming> h);

    std::shared_ptr<detail::client_impl> impl_;
};

}  // namespace smpp::net

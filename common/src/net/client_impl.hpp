#pragma once
// The state behind smpp::net::client: one connection at a time, the operations waiting on it,
// and the requests waiting for room in the window.
#include <deque>
#include <optional>
#include <unordered_map>
#include <variant>

#include "connection.hpp"
#include "smpp/net/client.hpp"
#include "smpp/net/session_group.hpp"
#include "tls_setup.hpp"

namespace smpp::net::detail {

// Completes `h` with the arguments from the executor, never from inside the initiating call
// or a session event: the application may start the next operation from its handler. The
// handler's own executor (a strand, a coroutine's) gets it from there.
template <typename... Args>
void complete(const asio::any_io_executor& ex, handler<Args...> h, boost::system::error_code ec, Args... args) {
    asio::post(ex, [ex, h = std::move(h), ec, ... args = std::move(args)]() mutable {
        if (auto slot = h.get_cancellation_slot(); slot.is_connected()) slot.clear();
        const auto target = asio::get_associated_executor(h, ex);
        asio::dispatch(target, [h = std::move(h), ec, ... args = std::move(args)]() mutable {
            std::move(h)(ec, std::move(args)...);
        });
    });
}

// A request's handler, by the response type its caller waits for.
using any_request_handler = std::variant<handler<>, handler<sm_resp_body>, handler<data_sm_resp_body>, handler<query_sm_resp_body>>;

struct request_op {
    std::uint64_t id;  // for cancellation: sequence numbers exist only once sent
    command_id command;
    pdu_body body;
    any_request_handler handler;
};

struct client_impl : std::enable_shared_from_this<client_impl> {
    client_impl(asio::any_io_executor ex, session_group* group, std::uint64_t number, client_options opt);

    session_config session_settings() const;
    awaitable<bool> connect_and_bind(connection& c);
    void on_event(const event& e);
    void on_closed(close_reason reason);
    void hand_over(incoming in);
    void close_now(close_reason reason);

    void submit(request_op op);
    void pump();
    bool window_has_room() const;
    void send(request_op op);
    void answer(std::uint32_t sequence, boost::system::error_code ec, pdu* response);
    void adapt_window(command_status status);
    void cancel_request(std::uint64_t id);
    void fail_all(boost::system::error_code in_flight_error, boost::system::error_code queued_error);
    template <typename Handler>
    void on_cancel(Handler& h, std::function<void()> cancel);

    asio::any_io_executor ex;
    client_options opt;
    std::unique_ptr<session_group> own_group;  // a client of its own runs in a group of one
    session_group* group;
    std::uint64_t number;
    tls_setup tls;
    bool tls_loaded = false;
    tcp::resolver resolver;
    std::shared_ptr<connection> conn;
    bool bound = false;
    std::optional<handler<>> connecting;
    std::optional<handler<>> unbinding;
    std::uint64_t next_op = 1;
    std::unordered_map<std::uint32_t, request_op> in_flight;  // by sequence number
    std::deque<request_op> queued;  // waiting for room in the window
    std::size_t window;  // opt.window, narrowed while the MC throttles us
    clock::time_point paused_until{};
    asio::steady_timer resume;
    std::deque<incoming> inbox;
    std::optional<handler<incoming>> receiver;
    std::function<void(const incoming&)> on_incoming;
};

// Lets a cancellation slot call `cancel` on the executor. The slot outlives nothing: it is
// cleared when the handler completes (see complete()).
template <typename Handler>
void client_impl::on_cancel(Handler& h, std::function<void()> cancel) {
    auto slot = h.get_cancellation_slot();
    if (!slot.is_connected()) return;
    slot.assign([ex = this->ex, cancel = std::move(cancel)](asio::cancellation_type) { asio::post(ex, cancel); });
}

}  // namespace smpp::net::detail

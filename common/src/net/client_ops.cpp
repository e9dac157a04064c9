// The client's requests: each waits for room in the window, is sent, and completes with its
// response, a timeout, or the end of the connection.
#include <algorithm>

#include "client_impl.hpp"

namespace smpp::net {
namespace detail {
namespace {

template <typename... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <typename... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

// The response body a handler wants, or an empty one (an error response may have no body).
template <typename Body>
Body body_of(pdu* response) {
    if (response)
        if (auto* b = std::get_if<Body>(&response->body)) return std::move(*b);
    return Body{};
}

void finish(const asio::any_io_executor& ex, any_request_handler& h, boost::system::error_code ec, pdu* response) {
    std::visit(overloaded{
                   [&](handler<>& x) { complete(ex, std::move(x), ec); },
                   [&](handler<sm_resp_body>& x) { complete(ex, std::move(x), ec, body_of<sm_resp_body>(response)); },
                   [&](handler<data_sm_resp_body>& x) { complete(ex, std::move(x), ec, body_of<data_sm_resp_body>(response)); },
                   [&](handler<query_sm_resp_body>& x) { complete(ex, std::move(x), ec, body_of<query_sm_resp_body>(response)); },
               },
               h);
}

boost::system::error_code refusal(command_status s) {
    if (s == command_status::invalid_bind_status) return error::not_bound;
    return error::encode_failed;
}

}  // namespace

void client_impl::submit(request_op op) {
    if (!conn || !bound) return finish(ex, op.handler, error::not_bound, nullptr);
    if (unbinding || std::as_const(*conn).core().closing()) return finish(ex, op.handler, error::shutting_down, nullptr);
    std::weak_ptr<client_impl> weak = shared_from_this();
    std::visit([&](auto& h) { on_cancel(h, [weak, id = op.id] {
                   if (auto self = weak.lock()) self->cancel_request(id);
               }); },
               op.handler);
    // enquire_link is outside the window: it is how we learn the MC is still there.
    if (op.command == command_id::enquire_link) return send(std::move(op));
    queued.push_back(std::move(op));
    pump();
}

bool client_impl::window_has_room() const {
    const auto& core = std::as_const(*conn).core();
    return core.traffic_in_flight() < window && clock::now() >= paused_until;
}

void client_impl::pump() {
    while (!queued.empty() && conn && bound && window_has_room()) {
        auto op = std::move(queued.front());
        queued.pop_front();
        send(std::move(op));
    }
    // Throttled: the timer, not the next response, lets the queue go on.
    if (!queued.empty() && conn && clock::now() < paused_until) {
        resume.expires_at(paused_until);
        resume.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
            if (auto self = weak.lock(); self && !ec) self->pump();
        });
    }
}

void client_impl::send(request_op op) {
    const auto sent = conn->core().send_request(op.command, std::move(op.body), clock::now());
    if (!sent.ok()) return finish(ex, op.handler, refusal(sent.status), nullptr);
    in_flight.emplace(sent.sequence, std::move(op));
}

void client_impl::answer(std::uint32_t sequence, boost::system::error_code ec, pdu* response) {
    auto it = in_flight.find(sequence);
    if (it == in_flight.end()) return;  // the session's own enquire_link, or a cancelled request
    auto op = std::move(it->second);
    in_flight.erase(it);
    if (response && op.command != command_id::enquire_link) adapt_window(response->status);
    finish(ex, op.handler, ec, response);
    pump();
}

void client_impl::adapt_window(command_status status) {
    // Additive increase, multiplicative decrease: the MC's rate limit is unknown, so probe it
    // back up one request at a time after halving on each refusal.
    if (status == command_status::throttled || status == command_status::message_queue_full) {
        window = std::max<std::size_t>(window / 2, 1);
        paused_until = clock::now() + opt.throttle_pause;
    } else if (window < opt.window) {
        ++window;
    }
}

void client_impl::cancel_request(std::uint64_t id) {
    auto q = std::find_if(queued.begin(), queued.end(), [id](const request_op& op) { return op.id == id; });
    if (q != queued.end()) {
        auto op = std::move(*q);
        queued.erase(q);
        return finish(ex, op.handler, asio::error::operation_aborted, nullptr);
    }
    // Sent already: the response, when it comes, answers nobody. It still holds its window slot
    // until then, as the MC still works on it.
    auto f = std::find_if(in_flight.begin(), in_flight.end(), [id](const auto& e) { return e.second.id == id; });
    if (f == in_flight.end()) return;
    auto op = std::move(f->second);
    in_flight.erase(f);
    finish(ex, op.handler, asio::error::operation_aborted, nullptr);
}

void client_impl::fail_all(boost::system::error_code in_flight_error, boost::system::error_code queued_error) {
    for (auto& op : queued) finish(ex, op.handler, queued_error, nullptr);
    queued.clear();
    if (!in_flight_error) return;
    for (auto& [_, op] : in_flight) finish(ex, op.handler, in_flight_error, nullptr);
    in_flight.clear();
}

}  // namespace detail

namespace {

template <typename Body, typename Handler>
detail::request_op request(detail::client_impl& s, command_id id, Body body, Handler h) {
    return {s.next_op++, id, pdu_body{std::move(body)}, detail::any_request_handler{std::move(h)}};
}

}  // namespace

void client::start_submit(sm_body b, detail::handler<sm_resp_body> h) {
    impl_->submit(request(*impl_, command_id::submit_sm, std::move(b), std::move(h)));
}

void client::start_data_sm(data_sm_body b, detail::handler<data_sm_resp_body> h) {
    impl_->submit(request(*impl_, command_id::data_sm, std::move(b), std::move(h)));
}

void client::start_query(query_sm_body b, detail::handler<query_sm_resp_body> h) {
    impl_->submit(request(*impl_, command_id::query_sm, std::move(b), std::move(h)));
}

void client::start_plain(command_id id, pdu_body b, detail::handler<> h) {
    impl_->submit({impl_->next_op++, id, std::move(b), detail::any_request_handler{std::move(h)}});
}

}  // namespace smpp::net

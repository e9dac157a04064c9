// The client's life: connect and bind, events from its session, unbind and close. The
// requests themselves are in client_ops.cpp.
#include <utility>

#include "client_impl.hpp"

namespace smpp::net {
namespace detail {

client_impl::client_impl(asio::any_io_executor ex, session_group* group, std::uint64_t number, client_options opt)
    : ex(ex),
      opt(std::move(opt)),
      own_group(group ? nullptr : std::make_unique<session_group>(ex)),
      group(group ? group : own_group.get()),
      number(number),
      resolver(ex),
      window(std::max<std::size_t>(this->opt.window, 1)),
      resume(ex) {}

session_config client_impl::session_settings() const {
    return {.self = role::esme,
            .max_pdu_size = opt.max_pdu_size,
            .bind_timeout = opt.bind_timeout,
            .response_timeout = opt.response_timeout,
            .unbind_timeout = opt.unbind_timeout,
            .enquire_link_interval = opt.enquire_link_interval,
            .window = std::max<std::size_t>(opt.window, 1)};
}

awaitable<bool> client_impl::connect_and_bind(connection& c) {
    const auto limit = clock::now() + opt.connect_timeout;
    auto [ec, endpoints] = co_await resolver.async_resolve(opt.host, std::to_string(opt.port), use_tuple);
    if (ec || std::as_const(c).core().closing()) co_return false;
    if (!co_await c.connect(endpoints, limit - clock::now())) co_return false;
    if (!co_await c.handshake(limit - clock::now())) co_return false;
    bind_body body{.system_id = opt.system_id, .password = opt.password, .system_type = opt.system_type};
    if (auto sent = c.core().bind(opt.mode, std::move(body), clock::now()); !sent.ok()) {
        if (connecting) complete(ex, std::exchange(connecting, std::nullopt).value(), error::encode_failed);
        c.core().close(close_reason::bind_failed);
    }
    co_return true;
}

void client_impl::on_event(const event& e) {
    switch (e.kind) {
        case event_kind::bound:
            bound = true;
            if (connecting) complete(ex, std::exchange(connecting, std::nullopt).value(), {});
            pump();
            return;
        case event_kind::bind_rejected:
            if (connecting) complete(ex, std::exchange(connecting, std::nullopt).value(), make_error_code(e.status));
            return;
        case event_kind::request_received:
            // Answered first, also while unbinding: the MC must not redeliver what we were given.
            if (e.message.id != command_id::alert_notification) conn->core().respond(e.message, command_status::ok);
            hand_over(incoming{.request = e.message});
            return;
        case event_kind::unbind_received:
            hand_over(incoming{.request = pdu{command_id::unbind, command_status::ok, e.sequence, {}}});
            return;
        case event_kind::response_received: {
            pdu response = e.message;
            const auto ec = e.status == command_status::ok ? boost::system::error_code{} : make_error_code(e.status);
            answer(e.sequence, ec, &response);
            return;
        }
        case event_kind::response_timeout:
            answer(e.sequence, error::timeout, nullptr);
            return;
        default:
            return;
    }
}

void client_impl::hand_over(incoming in) {
    if (const auto* sm = std::get_if<sm_body>(&in.request.body)) in.receipt = parse_receipt(*sm);
    if (on_incoming) {
        on_incoming(in);
    } else if (receiver) {
        complete(ex, std::exchange(receiver, std::nullopt).value(), {}, std::move(in));
    } else {
        inbox.push_back(std::move(in));
    }
}

namespace {

boost::system::error_code connect_error(close_reason r) {
    switch (r) {
        case close_reason::bind_timeout: return error::timeout;
        case close_reason::shutdown: return error::shutting_down;
        case close_reason::connect_failed: return error::connect_failed;
        default: return error::connection_lost;
    }
}

boost::system::error_code unbind_error(close_reason r) {
    switch (r) {
        case close_reason::unbound: return {};
        case close_reason::unbind_timeout: return error::timeout;
        default: return error::connection_lost;
    }
}

}  // namespace

void client_impl::on_closed(close_reason reason) {
    bound = false;
    conn.reset();
    resume.cancel();
    fail_all(error::connection_lost, unbinding ? error::shutting_down : error::connection_lost);
    if (connecting) complete(ex, std::exchange(connecting, std::nullopt).value(), connect_error(reason));
    if (unbinding) complete(ex, std::exchange(unbinding, std::nullopt).value(), unbind_error(reason));
    if (receiver && inbox.empty()) complete(ex, std::exchange(receiver, std::nullopt).value(), error::connection_lost, incoming{});
}

void client_impl::close_now(close_reason reason) {
    resolver.cancel();
    if (conn) conn->force_close(reason);
}

}  // namespace detail

client::client(executor_type ex, client_options options)
    : impl_(std::make_shared<detail::client_impl>(std::move(ex), nullptr, 1, std::move(options))) {}

client::client(session_group& group, std::uint64_t number, client_options options)
    : impl_(std::make_shared<detail::client_impl>(group.get_executor(), &group, number, std::move(options))) {}

client::~client() { impl_->close_now(close_reason::forced); }

client::executor_type client::get_executor() const noexcept { return impl_->ex; }
const client_options& client::options() const noexcept { return impl_->opt; }
std::uint64_t client::number() const noexcept { return impl_->number; }
bool client::is_bound() const noexcept { return impl_->bound; }

void client::set_handler(std::function<void(const incoming&)> h) { impl_->on_incoming = std::move(h); }

void client::close() { impl_->close_now(close_reason::forced); }

void client::start_connect(detail::handler<> h) {
    auto& s = *impl_;
    if (s.conn || s.connecting) return detail::complete(s.ex, std::move(h), error::already_connected);
    if (s.opt.tls.enabled && !s.tls_loaded) {
        if (!s.tls.load(s.opt.tls, role::esme, s.opt.unbind_timeout, s.opt.logger))
            return detail::complete(s.ex, std::move(h), error::tls_setup_failed);
        s.tls_loaded = true;
    }
    std::weak_ptr<detail::client_impl> weak = impl_;
    s.on_cancel(h, [weak] {
        if (auto self = weak.lock(); self && self->connecting) {
            detail::complete(self->ex, std::exchange(self->connecting, std::nullopt).value(),
                             asio::error::operation_aborted);
            self->close_now(close_reason::shutdown);
        }
    });
    s.connecting = std::move(h);
    s.conn = std::make_shared<connection>(
        s.tls.wrap(tcp::socket(s.ex), s.opt.host), s.session_settings(), s.number,
        [weak](connection&, const event& e) {
            if (auto self = weak.lock()) self->on_event(e);
        },
        s.opt.logger);
    s.group->add(
        s.conn,
        [weak](connection& c) -> awaitable<bool> {
            auto self = weak.lock();
            co_return self && co_await self->connect_and_bind(c);
        },
        [weak](connection&, close_reason r) {
            if (auto self = weak.lock()) self->on_closed(r);
        });
}

void client::start_unbind(detail::handler<> h) {
    auto& s = *impl_;
    if (!s.conn || s.unbinding) return detail::complete(s.ex, std::move(h), error::not_bound);
    std::weak_ptr<detail::client_impl> weak = impl_;
    s.on_cancel(h, [weak] {
        if (auto self = weak.lock(); self && self->unbinding) {
            detail::complete(self->ex, std::exchange(self->unbinding, std::nullopt).value(), asio::error::operation_aborted);
            self->close_now(close_reason::forced);
        }
    });
    s.unbinding = std::move(h);
    // Waiting requests would only meet a closed session: they fail now, in-flight ones get
    // their answers.
    s.fail_all({}, error::shutting_down);
    s.conn->unbind();
}

void client::start_receive(detail::handler<incoming> h) {
    auto& s = *impl_;
    if (!s.inbox.empty()) {
        auto in = std::move(s.inbox.front());
        s.inbox.pop_front();
        return detail::complete(s.ex, std::move(h), {}, std::move(in));
    }
    if (!s.conn || s.receiver) return detail::complete(s.ex, std::move(h), error::connection_lost, incoming{});
    std::weak_ptr<detail::client_impl> weak = impl_;
    s.on_cancel(h, [weak] {
        if (auto self = weak.lock(); self && self->receiver)
            detail::complete(self->ex, std::exchange(self->receiver, std::nullopt).value(), asio::error::operation_aborted,
                             incoming{});
    });
    s.receiver = std::move(h);
}

}  // namespace smpp::net

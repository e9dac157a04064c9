#include "smpp/net/server.hpp"

#include <fmt/format.h>

#include "connection.hpp"
#include "smpp/timing/warning_limiter.hpp"
#include "smpp/net/session_group.hpp"
#include "tls_setup.hpp"

namespace smpp::net {
namespace {

constexpr log::context process{.role = "mc"};

// Compares every byte whatever the first difference, so timing does not reveal a prefix.
bool same_secret(std::string_view given, std::string_view expected) {
    std::size_t diff = given.size() ^ expected.size();
    for (std::size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i]) ^
                (i < expected.size() ? static_cast<unsigned char>(expected[i]) : 0u);
    return diff == 0;
}

// Accept errors that pass (out of descriptors, a peer that gave up mid-handshake): retried.
bool transient(const boost::system::error_code& ec) {
    namespace errc = boost::system::errc;
    return ec == errc::too_many_files_open || ec == errc::too_many_files_open_in_system ||
           ec == errc::no_buffer_space || ec == errc::not_enough_memory || ec == asio::error::connection_aborted ||
           ec == errc::interrupted || ec == errc::protocol_error;
}

}  // namespace

authenticator accept_any_bind() {
    return [](const bind_body&, std::string_view) { return command_status::ok; };
}

authenticator credentials_authenticator(std::map<std::string, std::string> passwords) {
    return [passwords = std::move(passwords)](const bind_body& b, std::string_view) {
        const auto it = passwords.find(b.system_id);
        if (it == passwords.end()) return command_status::invalid_system_id;
        return same_secret(b.password, it->second) ? command_status::ok : command_status::invalid_password;
    };
}

// --- server_session ---------------------------------------------------------------------------

bool server_session::alive() const noexcept {
    const auto* c = live();
    return c && !c->core().closing();
}

smpp::session* server_session::core() const noexcept {
    auto* c = live();
    return c ? &c->core() : nullptr;
}

std::string server_session::peer() const {
    const auto* c = live();
    return c ? c->peer() : std::string();
}

log::context server_session::who() const noexcept {
    const auto* c = live();
    return c ? c->who() : log::context{.role = "mc", .session = id_};
}

command_status server_session::respond(const pdu& request, command_status status, pdu_body body) {
    auto* c = live();
    if (!c) return command_status::invalid_bind_status;
    const auto result = c->core().respond(request, status, std::move(body));
    c->flush();
    return result;
}

send_outcome server_session::send_request(command_id id, pdu_body body) {
    auto* c = live();
    if (!c) return {.status = command_status::invalid_bind_status};
    auto out = c->core().send_request(id, std::move(body), clock::now());
    if (out.ok()) c->flush();
    return out;
}

void server_session::unbind() {
    if (const auto c = conn_.lock()) c->unbind();
}

void server_session::close(close_reason reason) {
    if (const auto c = conn_.lock()) c->force_close(reason);
}

// --- server -----------------------------------------------------------------------------------

struct server::impl {
    impl(executor_type ex, server_options o, authenticator a, server_handler& h)
        : executor(ex), opt(std::move(o)), auth(std::move(a)), handler(h), acceptor(ex), group(ex, opt.logger), backoff(ex),
          admission(opt.shared_admission ? opt.shared_admission : std::make_shared<shared_admission>(opt.admission)),
          next_session(opt.first_session) {}

    boost::system::error_code listen();
    boost::system::error_code open_acceptor();
    awaitable<boost::system::error_code> accept_loop();
    void hand_over(impl* target, tcp::socket socket);
    void start(tcp::socket socket);
    void on_bind(server_session& s, connection& c, const pdu& request);
    void log_refusal(connection& c, const pdu& request, const mc::bind_verdict& verdict, std::string_view address);

    session_config session_settings() const {
        return {.self = role::mc,
                .max_pdu_size = opt.max_pdu_size,
                .bind_timeout = opt.bind_timeout,
                .response_timeout = opt.response_timeout,
                .unbind_timeout = opt.unbind_timeout,
                .enquire_link_interval = opt.enquire_link_interval,
                .inactivity_timeout = opt.inactivity_timeout,
                .ignore_unbind = opt.ignore_unbind};
    }

    executor_type executor;
    server_options opt;
    authenticator auth;
    server_handler& handler;
    tcp::acceptor acceptor;
    tls_setup tls;
    session_group group;
    asio::steady_timer backoff;
    std::shared_ptr<shared_admission> admission;
    std::vector<impl*> targets;  // spread_over(): who takes the next connection, in turn
    std::size_t next_target = 0;
    // Refused binds per peer address: a guessing peer may open a connection per guess.
    timing::keyed_warning_limiter refusal_warnings;
    std::uint64_t next_session;
    bool listening = false;
    bool accepting = true;
};

boost::system::error_code server::impl::open_acceptor() {
    boost::system::error_code ec;
    tcp::resolver resolver(executor);
    const auto endpoints = resolver.resolve(opt.host, std::to_string(opt.port), ec);
    const bool no_address = !ec && endpoints.empty();
    if (no_address) ec = asio::error::host_not_found;
    if (!ec) {
        const auto endpoint = endpoints.begin()->endpoint();
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        opt.logger.event(log::level::error, process, "listen_failed",
                         fmt::format("Cannot listen on {}:{}: {}", opt.host, opt.port,
                                     no_address ? std::string("no address") : ec.message()));
        boost::system::error_code ignored;
        acceptor.close(ignored);
    }
    return ec;
}

boost::system::error_code server::impl::listen() {
    if (listening) return {};
    // tls_setup logs tls_setup_failed itself.
    if (!tls.load(opt.tls, role::mc, opt.unbind_timeout, opt.logger)) return asio::error::invalid_argument;
    if (opt.accept)
        if (const auto ec = open_acceptor()) return ec;
    listening = true;
    if (!opt.accept) return {};
    const auto port = acceptor.local_endpoint().port();
    opt.logger.event(log::level::info, process, "listening",
                     fmt::format("Listening on {}:{}{}", opt.host, port, tls.enabled() ? " (TLS)" : ""),
                     {.port = port});
    return {};
}

awaitable<boost::system::error_code> server::impl::accept_loop() {
    for (;;) {
        auto* target = targets.empty() ? this : targets[next_target++ % targets.size()];
        auto [ec, socket] = co_await acceptor.async_accept(target->executor, use_tuple);
        if (!accepting || !acceptor.is_open()) co_return boost::system::error_code{};
        if (!ec) {
            hand_over(target, std::move(socket));
            continue;
        }
        if (!transient(ec)) {
            opt.logger.event(log::level::error, process, "accept_failed", fmt::format("Accept failed: {}", ec.message()));
            co_return ec;
        }
        // Say so and retry shortly instead of spinning.
        opt.logger.event(log::level::warn, process, "accept_failed", fmt::format("Accept failed: {}", ec.message()));
        backoff.expires_after(std::chrono::milliseconds(100));
        co_await backoff.async_wait(use_tuple);
    }
}

void server::impl::hand_over(impl* target, tcp::socket socket) {
    if (target == this) return start(std::move(socket));
    asio::post(target->executor, [target, s = std::move(socket)]() mutable { target->start(std::move(s)); });
}

void server::impl::start(tcp::socket socket) {
    // Handed over by another server after this one began its shutdown: the socket just closes.
    if (!accepting) return;
    const auto number = next_session;
    next_session += opt.session_stride;
    // The hook owns the session's handle: created once, handed by reference to every event.
    auto hook = [this, handle = server_session()](connection& c, const event& e) mutable {
        if (handle.id() == 0) handle = server_session(c.shared_from_this(), c.number());
        if (e.kind == event_kind::bind_requested) return on_bind(handle, c, e.message);
        handler.on_event(handle, e);
    };
    auto c = std::make_shared<connection>(tls.wrap(std::move(socket)), session_settings(), number, std::move(hook), opt.logger);
    opt.logger.event(log::level::info, c->who(), "connected", "Connection accepted", {.peer = c->peer()});
    server_session s(c, number);
    handler.on_connected(s);
    // TLS: the handshake counts against the time a new connection has to bind.
    std::function<awaitable<bool>(connection&)> handshake;
    if (tls.enabled()) handshake = [this](connection& c) { return c.handshake(opt.bind_timeout); };
    group.add(std::move(c), std::move(handshake), [this](connection& c, close_reason r) {
        {
            const std::lock_guard hold(admission->lock);
            admission->admission.release(c.number());
        }
        server_session s(c.shared_from_this(), c.number());
        handler.on_closed(s, r);
    });
}

void server::impl::on_bind(server_session& s, connection& c, const pdu& request) {
    const auto& body = std::get<bind_body>(request.body);
    const auto peer_address = mc::address_of(c.peer());
    const auto verdict = [&] {
        if (!accepting) return mc::bind_verdict{command_status::bind_failed, "shutdown"};
        const std::lock_guard hold(admission->lock);
        return admission->admission.decide(c.number(), body.system_id, peer_address, clock::now(),
                                           [&] { return auth(body, peer_address); });
    }();
    if (verdict.status == command_status::ok) {
        if (c.core().accept_bind(opt.system_id, clock::now())) handler.on_bound(s);
        return;
    }
    c.core().reject_bind(verdict.status, opt.system_id);
    log_refusal(c, request, verdict, peer_address);
}

void server::impl::log_refusal(connection& c, const pdu& request, const mc::bind_verdict& verdict,
                               std::string_view address) {
    if (!opt.logger.enabled(log::level::warn)) return;
    const auto v = refusal_warnings.on_warning(address, clock::now());
    if (v.suppressed != 0)
        opt.logger.event(log::level::warn, process, "warnings_suppressed",
                         fmt::format("{} more refused binds from {} not logged", v.suppressed, address),
                         {.reason = "bind_failed", .peer = address});
    if (!v.log) return;
    // Names who tried, from where and why; never the password.
    const auto& body = std::get<bind_body>(request.body);
    opt.logger.event(log::level::warn, c.who(), "bind_failed",
                     fmt::format("Refused bind of {}: {} ({})", body.system_id, name_of(verdict.status), verdict.reason),
                     {.seq = request.sequence, .reason = verdict.reason, .peer = c.peer(),
                      .status = name_of(verdict.status)});
}

server::server(executor_type ex, server_options options, authenticator auth, server_handler& handler)
    : impl_(std::make_unique<impl>(std::move(ex), std::move(options), auth ? std::move(auth) : accept_any_bind(),
                                   handler)) {}

server::~server() = default;

server::executor_type server::get_executor() const noexcept { return impl_->executor; }

boost::system::error_code server::listen() { return impl_->listen(); }

std::uint16_t server::local_port() const noexcept {
    boost::system::error_code ec;
    const auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

void server::launch_run(completion handler) {
    auto& s = *impl_;
    if (const auto ec = s.listen()) {
        asio::post(s.executor, [h = std::move(handler), ec]() mutable { std::move(h)(ec); });
        return;
    }
    asio::co_spawn(s.executor, s.accept_loop(),
                   [&s, h = std::move(handler)](std::exception_ptr error, boost::system::error_code ec) mutable {
                       if (error) {
                           // Not swallowed: logged, and the run ends with an error the application sees.
                           try {
                               std::rethrow_exception(error);
                           } catch (const std::exception& ex) {
                               s.opt.logger.event(log::level::error, process, "internal_error", ex.what());
                           }
                           ec = boost::system::errc::make_error_code(boost::system::errc::state_not_recoverable);
                       }
                       std::move(h)(ec);
                   });
}

void server::spread_over(std::vector<server*> targets) {
    impl_->targets.clear();
    for (auto* t : targets) impl_->targets.push_back(t->impl_.get());
}

void server::stop_accepting() {
    impl_->accepting = false;
    boost::system::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->backoff.cancel();
}

bool server::accepting() const noexcept { return impl_->accepting; }

std::size_t server::session_count() const noexcept { return impl_->group.size(); }

void server::launch_shutdown(std::chrono::steady_clock::duration deadline, completion handler) {
    auto& group = impl_->group;
    asio::co_spawn(impl_->executor, group.shutdown(deadline),
                   [h = std::move(handler)](std::exception_ptr error, bool clean) mutable {
                       if (error) std::rethrow_exception(error);  // session_group::shutdown does not throw
                       std::move(h)(clean ? boost::system::error_code{} : asio::error::timed_out);
                   });
}

void server::close_all() { impl_->group.close_all(); }

void server::set_ignore_unbind(bool ignore) noexcept { impl_->opt.ignore_unbind = ignore; }

}  // namespace smpp::net

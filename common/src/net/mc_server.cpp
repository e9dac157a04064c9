#include "smpp/net/mc_server.hpp"

#include <fmt/format.h>

#include "connection.hpp"
#include "run_main.hpp"
#include "session_group.hpp"
#include "stop_trigger.hpp"

namespace smpp {
namespace net {
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

}  // namespace
}  // namespace net

struct mc_server::impl {
    explicit impl(mc_options o)
        : opt(std::move(o)), group(io.get_executor()), stop(io, opt.handle_signals), acceptor(io) {
        next_message_id = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
    }

    net::awaitable<int> main();
    net::awaitable<void> accept_loop();
    bool listen();
    void on_event(net::connection& c, const event& e);
    void on_bind(net::connection& c, const pdu& request);
    command_status check_credentials(const bind_body& b) const;

    session_config session_settings() const {
        return {.self = role::mc,
                .bind_timeout = opt.bind_timeout,
                .response_timeout = opt.response_timeout,
                .unbind_timeout = opt.unbind_timeout,
                .enquire_link_interval = opt.enquire_link_interval,
                .ignore_unbind = opt.ignore_unbind};
    }

    mc_options opt;
    net::asio::io_context io{1};
    net::session_group group;
    net::stop_trigger stop;
    net::tcp::acceptor acceptor;
    std::uint64_t next_session = 1;
    std::uint64_t next_message_id = 0;
    bool unbind_timed_out = false;
};

bool mc_server::impl::listen() {
    boost::system::error_code ec;
    net::tcp::resolver resolver(io);
    const auto endpoints = resolver.resolve(opt.host, std::to_string(opt.port), ec);
    if (!ec && !endpoints.empty()) {
        const auto endpoint = endpoints.begin()->endpoint();
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(net::tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(net::asio::socket_base::max_listen_connections, ec);
    }
    if (ec || endpoints.empty()) {
        log::event(log::level::error, net::process, "listen_failed",
                   fmt::format("Cannot listen on {}:{}: {}", opt.host, opt.port, ec ? ec.message() : "no address"));
        return false;
    }
    return true;
}

net::awaitable<int> mc_server::impl::main() {
    if (!listen()) co_return mc_exit::cannot_listen;
    const auto port = acceptor.local_endpoint().port();
    log::event(log::level::info, net::process, "listening", fmt::format("Listening on {}:{}", opt.host, port),
               {.port = port});
    if (opt.credentials.empty() && opt.allow_any_bind)
        log::event(log::level::warn, net::process, "no_credentials", "No credentials file: accepting every bind");
    if (opt.on_listening) opt.on_listening(port);
    stop.on_second([this] { group.close_all(); });
    net::asio::co_spawn(io, accept_loop(), net::asio::detached);

    co_await stop.wait();
    log::event(log::level::info, net::process, "shutdown_started",
               fmt::format("Stopping: unbinding {} sessions", group.size()));
    boost::system::error_code ignored;
    acceptor.close(ignored);
    const bool clean = co_await group.shutdown(opt.unbind_timeout + std::chrono::seconds(1));
    stop.release();
    const bool ok = clean && !unbind_timed_out;
    log::event(ok ? log::level::info : log::level::warn, net::process, "shutdown_complete",
               ok ? "Every session unbound" : "Some sessions did not answer unbind in time");
    co_return ok ? mc_exit::ok : mc_exit::unbind_timeout;
}

net::awaitable<void> mc_server::impl::accept_loop() {
    net::asio::steady_timer backoff(io);
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::use_tuple);
        if (!acceptor.is_open()) co_return;
        if (ec) {
            // Out of descriptors and the like: say so and retry shortly instead of spinning.
            log::event(log::level::warn, net::process, "accept_failed", fmt::format("Accept failed: {}", ec.message()));
            backoff.expires_after(std::chrono::milliseconds(100));
            co_await backoff.async_wait(net::use_tuple);
            continue;
        }
        auto c = std::make_shared<net::connection>(std::move(socket), session_settings(), next_session++,
                                                   [this](net::connection& c, const event& e) { on_event(c, e); });
        log::event(log::level::info, c->who(), "connected", "Connection accepted", {.peer = c->peer()});
        group.add(c, nullptr, [this](net::connection& c, close_reason r) {
            if (r == close_reason::unbind_timeout || (r == close_reason::forced && c.core().was_bound()))
                unbind_timed_out = true;
        });
    }
}

void mc_server::impl::on_event(net::connection& c, const event& e) {
    switch (e.kind) {
        case event_kind::bind_requested: return on_bind(c, e.message);
        case event_kind::request_received:
            if (e.message.id == command_id::submit_sm) {
                c.core().respond(e.message, command_status::ok, sm_resp_body{fmt::format("{:x}", next_message_id++)});
                return;
            }
            c.core().respond(e.message, command_status::ok);
            return;
        default: return;
    }
}

void mc_server::impl::on_bind(net::connection& c, const pdu& request) {
    const auto& body = std::get<bind_body>(request.body);
    auto verdict = stop.requested() ? command_status::bind_failed : check_credentials(body);
    if (verdict == command_status::ok) {
        c.core().accept_bind(opt.system_id, clock::now());
        return;
    }
    c.core().reject_bind(verdict);
    // Names who tried and from where; never the password.
    log::event(log::level::warn, c.who(), "bind_failed", fmt::format("Refused bind: {}", name_of(verdict)),
               {.seq = request.sequence, .peer = c.peer(), .status = name_of(verdict)});
}

command_status mc_server::impl::check_credentials(const bind_body& b) const {
    if (opt.credentials.empty() && opt.allow_any_bind) return command_status::ok;
    const auto it = opt.credentials.find(b.system_id);
    if (it == opt.credentials.end()) return command_status::invalid_system_id;
    return net::same_secret(b.password, it->second) ? command_status::ok : command_status::invalid_password;
}

mc_server::mc_server(mc_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
mc_server::~mc_server() = default;

int mc_server::run() { return net::run_main(impl_->io, impl_->main(), mc_exit::internal_error, "mc"); }

void mc_server::stop() {
    net::asio::post(impl_->io, [this] { impl_->stop.request(); });
}

}  // namespace smpp

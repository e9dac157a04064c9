// The HTTP server on Boost.Beast: an accept loop and one coroutine per connection, all on the
// application's io_context. A client costs at most max_message octets of buffer, read_timeout
// per request (and per answer written: one that never reads is dropped) and one of
// max_connections; beyond that it is closed unanswered.
#include <list>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include "http_request.hpp"
#include "smpp/cli/http.hpp"
#include "smpp/log/log.hpp"

namespace smpp::cli::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

std::string peer_of(const tcp::socket& s) {
    boost::system::error_code ec;
    const auto ep = s.remote_endpoint(ec);
    return ec ? std::string{} : fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

}  // namespace

struct server::impl : std::enable_shared_from_this<impl> {
    impl(asio::any_io_executor ex, options o, router r)
        : executor(ex), opt(std::move(o)), routes(std::move(r)), acceptor(ex) {}

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> serve(beast::tcp_stream& stream);
    asio::awaitable<void> run_connection(std::list<beast::tcp_stream>::iterator it);
    response answer(const bhttp::request<bhttp::string_body>& in, method& verb) const;

    asio::any_io_executor executor;
    options opt;
    router routes;
    tcp::acceptor acceptor;
    std::list<beast::tcp_stream> connections;  // stop() closes them
    bool stopped = false;
    log::context who() const { return {.role = opt.role}; }
};

response server::impl::answer(const bhttp::request<bhttp::string_body>& in, method& verb) const {
    request r;
    try {
        r = from_beast(in);
    } catch (const http_error& e) {
        return response::error(e.status, e.what());
    }
    verb = r.verb;
    if (mutates(r.verb) && !opt.token.empty() && !bearer_matches(r.header("authorization"), opt.token)) {
        auto denied = response::error(401, "this request needs 'Authorization: Bearer TOKEN' with the --http-token");
        denied.headers.emplace_back("WWW-Authenticate", "Bearer");
        return denied;
    }
    return routes.dispatch(r);
}

asio::awaitable<void> server::impl::serve(beast::tcp_stream& stream) {
    beast::flat_buffer buffer(opt.max_message);
    // Taken now: a timed-out operation closes the socket, and with it the remote endpoint.
    const std::string peer = peer_of(stream.socket());
    for (;;) {
        bhttp::request_parser<bhttp::string_body> parser;
        stream.expires_after(opt.read_timeout);
        const auto read = co_await read_request(stream, buffer, parser, opt.max_message);
        if (read == read_outcome::closed || stopped) co_return;
        bhttp::response<bhttp::string_body> out;
        bool keep_alive = false;
        if (read == read_outcome::too_large) {
            out = to_beast(response::error(413, fmt::format("request beyond {} octets of header and body", opt.max_message)), 11, false);
        } else {
            keep_alive = parser.get().keep_alive();
            method verb = method::other;
            out = to_beast(answer(parser.get(), verb), parser.get().version(), keep_alive);
            if (verb == method::head) out.body().clear();  // Content-Length stays the GET's
        }
        stream.expires_after(opt.read_timeout);
        const auto [ec, n] = co_await bhttp::async_write(stream, out, use_tuple);
        if (ec == beast::error::timeout && !stopped)
            log::event(log::level::warn, who(), "http_write_timed_out",
                       fmt::format("HTTP client read too little of its answer within {} ms ({} octets written): closed",
                                   opt.read_timeout.count(), n),
                       {.peer = peer});
        if (ec || !keep_alive || stopped) co_return;
    }
}

asio::awaitable<void> server::impl::run_connection(std::list<beast::tcp_stream>::iterator it) {
    auto self = shared_from_this();  // the connection may outlive the server object
    co_await serve(*it);
    boost::system::error_code ignored;
    it->socket().shutdown(tcp::socket::shutdown_both, ignored);
    it->close();
    connections.erase(it);
}

asio::awaitable<void> server::impl::accept_loop() {
    auto self = shared_from_this();
    while (!stopped) {
        auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
        if (stopped) co_return;
        if (ec) {
            if (ec == asio::error::operation_aborted) co_return;
            log::event(log::level::warn, who(), "http_accept_failed", "HTTP accept failed: " + ec.message());
            // Out of descriptors, say: a pause, not a loop spinning on the same error.
            asio::steady_timer pause(executor, std::chrono::milliseconds(100));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        if (connections.size() >= opt.max_connections) {
            // At the cap: closed at once, so a flood of clients costs no more than the cap.
            boost::system::error_code ignored;
            socket.close(ignored);
            continue;
        }
        connections.emplace_back(std::move(socket));
        asio::co_spawn(executor, run_connection(std::prev(connections.end())), asio::detached);
    }
}

server::server(asio::any_io_executor ex, options o, router r)
    : impl_(std::make_shared<impl>(ex, std::move(o), std::move(r))) {}

server::~server() { stop(); }

boost::system::error_code server::start() {
    auto& i = *impl_;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(i.opt.host == "localhost" ? "127.0.0.1" : i.opt.host, ec);
    const tcp::endpoint endpoint(address, i.opt.port);
    if (!ec) i.acceptor.open(endpoint.protocol(), ec);
    if (!ec) i.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) i.acceptor.bind(endpoint, ec);
    if (!ec) i.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        log::event(log::level::error, i.who(), "http_listen_failed",
                   fmt::format("Cannot serve HTTP on {}:{}: {}", i.opt.host, i.opt.port, ec.message()));
        return ec;
    }
    const auto port = local_port();
    log::event(log::level::info, i.who(), "http_listening", fmt::format("HTTP API on {}:{}", i.opt.host, port),
               {.port = port});
    if (i.opt.on_listening) i.opt.on_listening(port);
    asio::co_spawn(i.executor, i.accept_loop(), asio::detached);
    return {};
}

std::uint16_t server::local_port() const noexcept {
    boost::system::error_code ec;
    const auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

void server::stop() {
    auto& i = *impl_;
    if (i.stopped) return;
    i.stopped = true;
    boost::system::error_code ignored;
    i.acceptor.close(ignored);
    for (auto& c : i.connections) c.socket().close(ignored);
}

std::size_t server::connection_count() const noexcept { return impl_->connections.size(); }

}  // namespace smpp::cli::http

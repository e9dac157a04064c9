#include "fault_proxy.hpp"

#include <array>
#include <atomic>
#include <list>
#include <thread>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

namespace smpp::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct link {
    explicit link(tcp::socket client) : client(std::move(client)), server(this->client.get_executor()) {}
    tcp::socket client;
    tcp::socket server;

    void close(bool reset) {
        boost::system::error_code ignored;
        for (auto* s : {&client, &server}) {
            if (reset && s->is_open()) s->set_option(asio::socket_base::linger(true, 0), ignored);
            s->close(ignored);
        }
    }
};

}  // namespace

struct fault_proxy::impl {
    explicit impl(std::uint16_t target) : target_port(target) {
        acceptor.open(tcp::v4());
        acceptor.bind({asio::ip::address_v4::loopback(), 0});
        acceptor.listen();
        port = acceptor.local_endpoint().port();
        mode_changed.expires_at(asio::steady_timer::time_point::max());
        asio::co_spawn(io, accept_loop(), asio::detached);
        thread = std::thread([this] { io.run(); });
    }

    ~impl() {
        asio::post(io, [this] {
            boost::system::error_code ignored;
            acceptor.close(ignored);
            close_all(false);
            // Stalled pumps must wake to see their sockets closed, or run() never returns.
            current = fault_proxy::mode::pass;
            mode_changed.cancel();
        });
        thread.join();
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec) co_return;
            ++accepted;
            auto l = std::make_shared<link>(std::move(socket));
            links.push_back(l);
            asio::co_spawn(io, serve(l), asio::detached);
        }
    }

    asio::awaitable<void> serve(std::shared_ptr<link> l) {
        using namespace asio::experimental::awaitable_operators;
        auto [ec] = co_await l->server.async_connect({asio::ip::address_v4::loopback(), target_port}, use_tuple);
        if (!ec) co_await (pump(l->client, l->server) && pump(l->server, l->client));
        l->close(false);
    }

    // Copies one direction; on any error closes both sides so the other direction ends too.
    asio::awaitable<void> pump(tcp::socket& from, tcp::socket& to) {
        std::array<std::uint8_t, 16384> buffer;
        for (;;) {
            co_await while_stalled();
            auto [ec, n] = co_await from.async_read_some(asio::buffer(buffer), use_tuple);
            if (ec) break;
            co_await while_stalled();  // bytes read just before a stall are held, not sent
            const std::size_t step = current.load() == fault_proxy::mode::slice ? 1 : n;
            for (std::size_t at = 0; at < n && !ec; at += step)
                std::tie(ec, std::ignore) = co_await asio::async_write(to, asio::buffer(buffer.data() + at, step), use_tuple);
            if (ec) break;
        }
        boost::system::error_code ignored;
        from.close(ignored);
        to.close(ignored);
    }

    asio::awaitable<void> while_stalled() {
        while (current.load() == fault_proxy::mode::stall) co_await mode_changed.async_wait(use_tuple);
    }

    void close_all(bool reset) {
        for (auto& weak : links)
            if (auto l = weak.lock()) l->close(reset);
        links.clear();
    }

    std::atomic<std::uint16_t> target_port;  // set by the test's thread, read by the proxy's
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    asio::steady_timer mode_changed{io};
    std::uint16_t port = 0;
    std::atomic<fault_proxy::mode> current{fault_proxy::mode::pass};
    std::atomic<std::size_t> accepted{0};
    std::list<std::weak_ptr<link>> links;
    std::thread thread;
};

fault_proxy::fault_proxy(std::uint16_t target_port) : impl_(std::make_unique<impl>(target_port)) {}

void fault_proxy::retarget(std::uint16_t target_port) { impl_->target_port = target_port; }
fault_proxy::~fault_proxy() = default;

std::uint16_t fault_proxy::port() const noexcept { return impl_->port; }

void fault_proxy::set_mode(mode m) {
    asio::post(impl_->io, [this, m] {
        impl_->current = m;
        impl_->mode_changed.cancel();
    });
}

void fault_proxy::drop_all() {
    asio::post(impl_->io, [this] { impl_->close_all(false); });
}

void fault_proxy::reset_all() {
    asio::post(impl_->io, [this] { impl_->close_all(true); });
}

std::size_t fault_proxy::accepted() const noexcept { return impl_->accepted.load(); }

}  // namespace smpp::test

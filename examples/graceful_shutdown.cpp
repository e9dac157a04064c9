// SMPPEX's graceful-shutdown example: two sessions under one group; after a second the group
// unbinds both at once, waits for both unbind_resps (5 s at most), and force-closes the rest.
//   graceful_shutdown HOST PORT
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "smpp/net/session_group.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
// Named, like every argument below: GCC 12 corrupts temporaries built inside a co_await.
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

constexpr std::pair<const char*, const char*> logins[] = {{"sid1", "pass1"}, {"sid2", "pass2"}};

asio::awaitable<int> run(smpp::net::session_group& group, std::string host, std::uint16_t port) {
    for (auto [id, password] : logins) {
        auto& session = group.add({.host = host, .port = port, .system_id = id, .password = password});
        auto [ec] = co_await session.async_connect(as_tuple);
        if (ec) {
            std::cerr << id << ": bind failed: " << ec.message() << '\n';
            const smpp::clock::duration limit = 1s;
            co_await group.async_stop(limit, as_tuple);  // the other one
            co_return 1;
        }
    }
    const auto ex = co_await asio::this_coro::executor;
    asio::steady_timer second(ex, 1s);
    co_await second.async_wait(asio::use_awaitable);
    const smpp::clock::duration limit = 5s;
    auto [ec] = co_await group.async_stop(limit, as_tuple);
    std::cout << (ec ? "stopped: " + ec.message() : std::string("every session unbound")) << '\n';
    co_return ec ? 1 : 0;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: graceful_shutdown HOST PORT\n";
        return 2;
    }
    asio::io_context io;
    smpp::net::session_group group(io.get_executor());
    int code = 1;
    asio::co_spawn(io, run(group, argv[1], static_cast<std::uint16_t>(std::atoi(argv[2]))),
                   [&](std::exception_ptr e, int c) { code = e ? 1 : c; });
    io.run();
    return code;
}

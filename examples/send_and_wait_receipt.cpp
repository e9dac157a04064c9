// Submits one message asking for a delivery receipt (registered_delivery 1) and waits up to
// ten seconds for the receipt: a deliver_sm with esm_class 0x04 naming the message's id.
//   send_and_wait_receipt HOST PORT
#include <cstdlib>
#include <iostream>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "smpp/net/client.hpp"

namespace asio = boost::asio;
using namespace std::chrono_literals;
// Named, like every argument below: GCC 12 corrupts temporaries built inside a co_await.
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);
using namespace asio::experimental::awaitable_operators;

// The final receipt for `message_id`, skipping anything else the MC sends meanwhile (MO,
// intermediate notifications).
asio::awaitable<smpp::delivery_receipt> receipt_for(smpp::net::client& c, const std::string& message_id) {
    for (;;) {
        auto in = co_await c.async_receive(asio::use_awaitable);
        if (in.receipt && in.receipt->final() && in.receipt->message_id == message_id) co_return *in.receipt;
    }
}

asio::awaitable<int> run(std::string host, std::uint16_t port) {
    const auto ex = co_await asio::this_coro::executor;
    smpp::net::client c(ex, {.host = host, .port = port, .system_id = "receipts"});
    co_await c.async_connect(asio::use_awaitable);
    smpp::sm_body message{.source_addr = "1000", .destination_addr = "2000", .registered_delivery = 1, .short_message = "Hello"};
    const auto resp = co_await c.async_submit(std::move(message), asio::use_awaitable);
    std::cout << "submitted, message_id " << resp.message_id << '\n';
    asio::steady_timer limit(c.get_executor(), 10s);
    auto outcome = co_await (receipt_for(c, resp.message_id) || limit.async_wait(asio::use_awaitable));
    int code = 1;
    if (auto* r = std::get_if<0>(&outcome)) {
        std::cout << "receipt for " << r->message_id << ": " << r->stat << " (err " << r->err << ")\n";
        code = r->state == smpp::message_state::delivered ? 0 : 1;
    } else {
        std::cerr << "no receipt within 10 s\n";
    }
    co_await c.async_unbind(as_tuple);
    co_return code;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: send_and_wait_receipt HOST PORT\n";
        return 2;
    }
    asio::io_context io;
    int code = 1;
    asio::co_spawn(io, run(argv[1], static_cast<std::uint16_t>(std::atoi(argv[2]))), [&](std::exception_ptr e, int c) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& ex) {
                std::cerr << "failed: " << ex.what() << '\n';
            }
        }
        code = e ? 1 : c;
    });
    io.run();
    return code;
}

// MO traffic from the in-process MC to the library's client (smpp::net::client async_receive):
// by --mo-rate, by --mo-file (long texts in UDH parts or one message_payload), by --echo, and
// queued while no receiver is bound.
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "coro.hpp"
#include "harness.hpp"
#include "smpp/net/client.hpp"

namespace smpp::test {
namespace {

namespace asio = boost::asio;
using net::client;

net::client_options receiver_for(std::uint16_t port, std::string system_id = "sid1",
                                 bind_type mode = bind_type::receiver) {
    return {.port = port, .mode = mode, .system_id = std::move(system_id), .password = "secret"};
}

// The next deliver_sm from the MC: its body, or nothing (the test has failed then).
asio::awaitable<std::optional<sm_body>> next_deliver(client& c) {
    auto [ec, in] = co_await c.async_receive(tuple_awaitable);
    EXPECT_FALSE(ec) << ec.message();
    if (ec || in.request.id != command_id::deliver_sm) co_return std::nullopt;
    EXPECT_FALSE(in.receipt) << "an MO is no receipt";
    co_return std::get<sm_body>(in.request.body);
}

void expect_clean_stop(running_mc& mc) {
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(McMo, ByRateCountsUpInAddressesAndText) {
    event_log log;
    mc_options o;
    o.mo_rate = 100;
    o.mo_template = {.from = "4477{n}", .to = "12345", .text = "MO number {n}"};
    running_mc mc(o);
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, receiver_for(mc.port()));
        co_await c.async_connect(asio::use_awaitable);
        for (int n = 1; n <= 3; ++n) {
            const auto mo = co_await next_deliver(c);
            if (!mo) break;
            EXPECT_EQ(mo->source_addr, "4477" + std::to_string(n));
            EXPECT_EQ(mo->destination_addr, "12345");
            EXPECT_EQ(mo->short_message, "MO number " + std::to_string(n));
            EXPECT_EQ(mo->esm_class, 0x00);
        }
        co_await c.async_unbind(asio::use_awaitable);
    });
    expect_clean_stop(mc);
    EXPECT_EQ(log.count("mc", "mo_summary"), 1u);
}

TEST(McMo, FileLinesArePlayedInOrderAndALongTextComesInUdhParts) {
    mc_options o;
    const std::string long_text(200, 'x');
    o.mo_script = {{.system_id = "sid1", .from = "1", .to = "2", .text = "first"},
                   {.system_id = "other", .from = "1", .to = "2", .text = "not for sid1"},
                   {.system_id = "sid1", .from = "3", .to = "4", .text = long_text, .esm_class = 0x00,
                    .tlvs = {{tag::user_message_reference, std::string("\x00\x05", 2)}}, .after = 20ms}};
    running_mc mc(o);
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, receiver_for(mc.port(), "sid1", bind_type::transceiver));
        co_await c.async_connect(asio::use_awaitable);
        const auto first = co_await next_deliver(c);
        EXPECT_TRUE(first && first->short_message == "first");
        std::string joined;
        for (char part = 1; part <= 2; ++part) {
            const auto p = co_await next_deliver(c);
            if (!p) break;
            EXPECT_EQ(p->esm_class, 0x40);
            EXPECT_EQ(p->short_message[4], 2) << "total parts";
            EXPECT_EQ(p->short_message[5], part) << "part number";
            EXPECT_EQ(get_u16(p->tlvs, tag::user_message_reference), 5);
            joined += p->short_message.substr(6);
        }
        EXPECT_EQ(joined, long_text);
        co_await c.async_unbind(asio::use_awaitable);
    });
    expect_clean_stop(mc);
}

TEST(McMo, ALongTextAsPayloadIsOneDeliverSm) {
    mc_options o;
    const std::string long_text(300, 'y');
    o.mo_long = traffic::long_mode::payload;
    o.mo_script = {{.system_id = "sid1", .from = "1", .to = "2", .text = long_text}};
    running_mc mc(o);
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, receiver_for(mc.port()));
        co_await c.async_connect(asio::use_awaitable);
        const auto mo = co_await next_deliver(c);
        if (mo) {
            EXPECT_TRUE(mo->short_message.empty());
            EXPECT_EQ(get_octets(mo->tlvs, tag::message_payload), long_text);
        }
        co_await c.async_unbind(asio::use_awaitable);
    });
    expect_clean_stop(mc);
}

TEST(McMo, EchoComesBackFromTheDestinationWithTheSameText) {
    mc_options o;
    o.echo = true;
    running_mc mc(o);
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, receiver_for(mc.port(), "sid1", bind_type::transceiver));
        co_await c.async_connect(asio::use_awaitable);
        auto m = sm_body{.source_addr = "100", .destination_addr = "200", .short_message = "ping"};
        auto [ec, resp] = co_await c.async_submit(std::move(m), tuple_awaitable);
        EXPECT_FALSE(ec) << ec.message();
        const auto echo = co_await next_deliver(c);
        if (echo) {
            EXPECT_EQ(echo->source_addr, "200");
            EXPECT_EQ(echo->destination_addr, "100");
            EXPECT_EQ(echo->short_message, "ping");
        }
        co_await c.async_unbind(asio::use_awaitable);
    });
    expect_clean_stop(mc);
}

TEST(McMo, QueuedWhileNoReceiverIsBoundThenDeliveredOnBind) {
    mc_options o;
    o.echo = true;
    running_mc mc(o);
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        // A transmitter cannot take the echo: it waits for a receiver of the same system_id.
        client sender(ex, receiver_for(mc.port(), "sid1", bind_type::transmitter));
        co_await sender.async_connect(asio::use_awaitable);
        for (const char* text : {"one", "two"}) {
            auto m = sm_body{.source_addr = "100", .destination_addr = "200", .short_message = text};
            auto [ec, resp] = co_await sender.async_submit(std::move(m), tuple_awaitable);
            EXPECT_FALSE(ec) << ec.message();
        }
        client receiver(ex, receiver_for(mc.port(), "sid1"));
        co_await receiver.async_connect(asio::use_awaitable);
        for (const char* text : {"one", "two"}) {
            const auto echo = co_await next_deliver(receiver);
            EXPECT_TRUE(echo && echo->short_message == text);
        }
        co_await receiver.async_unbind(asio::use_awaitable);
        co_await sender.async_unbind(asio::use_awaitable);
    });
    expect_clean_stop(mc);
}

}  // namespace
}  // namespace smpp::test

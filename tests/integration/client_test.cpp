// The public client and session group against an in-process MC over loopback: every wait is
// bounded by the io_context's run_for, never a sleep.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include "coro.hpp"
#include "harness.hpp"
#include "smpp/net/client.hpp"
#include "smpp/net/session_group.hpp"

namespace smpp::test {
namespace {

namespace asio = boost::asio;
using net::client;
using net::client_options;
using boost::system::error_code;

client_options options_for(std::uint16_t port, std::string system_id = "client") {
    return {.port = port, .system_id = std::move(system_id), .password = "secret"};
}

sm_body message(std::uint8_t registered_delivery = 0) {
    return {.source_addr = "100", .destination_addr = "200", .registered_delivery = registered_delivery,
            .short_message = "hello"};
}

TEST(Client, ConnectSubmitUnbind) {
    running_mc mc;
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, options_for(mc.port()));
        auto [ec] = co_await c.async_connect(tuple_awaitable);
        EXPECT_FALSE(ec) << ec.message();
        EXPECT_TRUE(c.is_bound());
        auto m = message();
        auto [sec, resp] = co_await c.async_submit(std::move(m), tuple_awaitable);
        EXPECT_FALSE(sec) << sec.message();
        EXPECT_FALSE(resp.message_id.empty());
        auto [eec] = co_await c.async_enquire_link(tuple_awaitable);
        EXPECT_FALSE(eec) << eec.message();
        auto [uec] = co_await c.async_unbind(tuple_awaitable);
        EXPECT_FALSE(uec) << uec.message();
        EXPECT_FALSE(c.is_bound());
    });
}

TEST(Client, RefusedSubmitCarriesTheCommandStatus) {
    running_mc mc(mc_options{.port = 0, .reject_ratio = 1.0, .reject_status = 0x0B});
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, options_for(mc.port()));
        co_await c.async_connect(asio::use_awaitable);
        auto m = message();
        auto [ec, resp] = co_await c.async_submit(std::move(m), tuple_awaitable);
        EXPECT_EQ(ec.category(), command_status_category());
        EXPECT_EQ(ec, make_error_code(command_status::invalid_dest_addr));
        EXPECT_EQ(ec.message(), "ESME_RINVDSTADR");
        co_await c.async_unbind(asio::use_awaitable);
    });
}

TEST(Client, AFullWindowWaitsRatherThanFails) {
    running_mc mc(mc_options{.port = 0, .response_delay = 100ms});
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        auto o = options_for(mc.port());
        o.window = 2;
        client c(ex, o);
        co_await c.async_connect(asio::use_awaitable);
        int ok = 0, done = 0;
        asio::steady_timer all_done(ex, clock::time_point::max());
        const auto start = clock::now();
        for (int i = 0; i < 6; ++i) {
            c.async_submit(message(), [&](error_code ec, sm_resp_body r) {
                if (!ec && !r.message_id.empty()) ++ok;
                if (++done == 6) all_done.cancel();
            });
        }
        co_await all_done.async_wait(tuple_awaitable);
        EXPECT_EQ(ok, 6);
        // Six requests two at a time behind a 100 ms MC: three rounds, not one.
        EXPECT_GE(clock::now() - start, 250ms);
        co_await c.async_unbind(asio::use_awaitable);
    });
}

TEST(Client, NoResponseInTimeIsATimeout) {
    running_mc mc(mc_options{.port = 0, .response_delay = 3s});
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        auto o = options_for(mc.port());
        o.response_timeout = 300ms;
        client c(ex, o);
        co_await c.async_connect(asio::use_awaitable);
        auto m = message();
        auto [ec, resp] = co_await c.async_submit(std::move(m), tuple_awaitable);
        EXPECT_EQ(ec, net::error::timeout) << ec.message();
        c.close();
    });
}

TEST(Client, ACancellationSlotAbandonsTheRequest) {
    running_mc mc(mc_options{.port = 0, .response_delay = 3s});
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        using namespace asio::experimental::awaitable_operators;
        client c(ex, options_for(mc.port()));
        co_await c.async_connect(asio::use_awaitable);
        asio::steady_timer limit(ex, 200ms);
        const auto start = clock::now();
        auto m = message();
        auto submit = c.async_submit(std::move(m), tuple_awaitable);
        auto outcome = co_await (std::move(submit) || limit.async_wait(tuple_awaitable));
        EXPECT_EQ(outcome.index(), 1u);
        EXPECT_LT(clock::now() - start, 2s);
        c.close();
    });
}

TEST(Client, WorksWithFutures) {
    running_mc mc;
    asio::io_context io;
    client c(io.get_executor(), options_for(mc.port()));
    auto bound = c.async_connect(asio::use_future);  // before the thread: no concurrent use
    auto guard = asio::make_work_guard(io);
    std::thread runner([&] { io.run_for(20s); });
    ASSERT_EQ(bound.wait_for(10s), std::future_status::ready);
    EXPECT_NO_THROW(bound.get());
    auto submitted = asio::post(io, asio::use_future([&] { return c.async_submit(message(), asio::use_future); })).get();
    ASSERT_EQ(submitted.wait_for(10s), std::future_status::ready);
    EXPECT_FALSE(submitted.get().message_id.empty());
    auto unbound = asio::post(io, asio::use_future([&] { return c.async_unbind(asio::use_future); })).get();
    EXPECT_NO_THROW(unbound.get());
    guard.reset();
    runner.join();
}

TEST(Client, DeliveryReceiptArrivesParsed) {
    running_mc mc;
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, options_for(mc.port()));
        co_await c.async_connect(asio::use_awaitable);
        auto m = message(1);
        auto resp = co_await c.async_submit(std::move(m), asio::use_awaitable);
        auto in = co_await c.async_receive(asio::use_awaitable);
        EXPECT_EQ(in.request.id, command_id::deliver_sm);
        if (!in.receipt) {
            ADD_FAILURE() << "no receipt parsed";
            co_return;
        }
        EXPECT_EQ(in.receipt->message_id, resp.message_id);
        EXPECT_EQ(in.receipt->state, message_state::delivered);
        EXPECT_EQ(in.receipt->stat, "DELIVRD");
        co_await c.async_unbind(asio::use_awaitable);
    });
}

TEST(Client, QueryReplaceCancelAndDataSmComplete) {
    running_mc mc(mc_options{.port = 0, .receipt_delay = 10s});  // ENROUTE long enough to act on
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        client c(ex, options_for(mc.port()));
        co_await c.async_connect(asio::use_awaitable);
        auto m = message();
        const auto id = (co_await c.async_submit(std::move(m), asio::use_awaitable)).message_id;
        query_sm_body q{.message_id = id, .source_addr = "100"};
        auto [qec, state] = co_await c.async_query(std::move(q), tuple_awaitable);
        EXPECT_FALSE(qec) << qec.message();
        EXPECT_EQ(state.message_state, static_cast<std::uint8_t>(message_state::enroute));
        replace_sm_body r{.message_id = id, .source_addr = "100", .short_message = "changed"};
        auto [rec] = co_await c.async_replace(std::move(r), tuple_awaitable);
        EXPECT_FALSE(rec) << rec.message();
        cancel_sm_body x{.message_id = id, .source_addr = "100", .destination_addr = "200"};
        auto [xec] = co_await c.async_cancel(std::move(x), tuple_awaitable);
        EXPECT_FALSE(xec) << xec.message();
        data_sm_body d{.source_addr = "100", .destination_addr = "200"};
        set_octets(d.tlvs, tag::message_payload, "payload");
        auto [dec, dresp] = co_await c.async_data_sm(std::move(d), tuple_awaitable);
        EXPECT_FALSE(dec) << dec.message();
        EXPECT_FALSE(dresp.message_id.empty());
        co_await c.async_unbind(asio::use_awaitable);
    });
}

TEST(Client, AThrottledAnswerPausesSending) {
    running_mc mc(mc_options{.port = 0, .throttle = 1});
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        auto o = options_for(mc.port());
        o.throttle_pause = 300ms;
        client c(ex, o);
        co_await c.async_connect(asio::use_awaitable);
        auto first = message(), second = message(), third = message();
        co_await c.async_submit(std::move(first), asio::use_awaitable);
        auto [ec, resp] = co_await c.async_submit(std::move(second), tuple_awaitable);
        EXPECT_EQ(ec, make_error_code(command_status::throttled)) << ec.message();
        // The next request waits out the pause before it goes to the MC at all.
        const auto start = clock::now();
        co_await c.async_submit(std::move(third), tuple_awaitable);
        EXPECT_GE(clock::now() - start, 250ms);
        co_await c.async_unbind(asio::use_awaitable);
    });
}

TEST(SessionGroup, StopUnbindsEverySessionAndEndsEarly) {
    running_mc mc;
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        net::session_group group(ex);
        for (int i = 1; i <= 3; ++i) {
            auto& c = group.add(options_for(mc.port(), "sid" + std::to_string(i)));
            co_await c.async_connect(asio::use_awaitable);
        }
        EXPECT_EQ(group.size(), 3u);
        EXPECT_EQ(group.find("sid2"), group.find(2));
        const auto start = clock::now();
        const clock::duration limit = 5s;
        auto [ec] = co_await group.async_stop(limit, tuple_awaitable);
        EXPECT_FALSE(ec) << ec.message();
        EXPECT_LT(clock::now() - start, 2s);  // woken by the last unbind_resp, not the deadline
        EXPECT_EQ(group.size(), 0u);
        group.for_each([](client& c) { EXPECT_FALSE(c.is_bound()); });
    });
}

TEST(SessionGroup, StopAgainstAnMcIgnoringUnbindForceClosesAtTheDeadline) {
    running_mc mc(mc_options{.port = 0, .ignore_unbind = true});
    run_coro([&](asio::any_io_executor ex) -> asio::awaitable<void> {
        net::session_group group(ex);
        for (int i = 1; i <= 2; ++i) {
            auto o = options_for(mc.port(), "sid" + std::to_string(i));
            o.unbind_timeout = 10s;  // the group's deadline, not the session's own, must end it
            auto& c = group.add(std::move(o));
            co_await c.async_connect(asio::use_awaitable);
        }
        const auto start = clock::now();
        const clock::duration limit = 500ms;
        auto [ec] = co_await group.async_stop(limit, tuple_awaitable);
        const auto took = clock::now() - start;
        EXPECT_EQ(ec, net::error::stop_timeout);
        EXPECT_GE(took, 450ms);
        EXPECT_LT(took, 3s);
        EXPECT_EQ(group.size(), 0u);
    });
}

TEST(DeliveryReceipt, TextFieldsWhenNoTlvs) {
    sm_body b{.esm_class = 0x04,
              .short_message = "id:abc123 sub:001 dlvrd:001 submit date:2601011200 done date:2601011201 stat:UNDELIV err:042 text:hi"};
    const auto r = parse_receipt(b);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->message_id, "abc123");
    EXPECT_EQ(r->stat, "UNDELIV");
    EXPECT_EQ(r->err, "042");
    EXPECT_EQ(r->state, message_state::undeliverable);
    b.esm_class = 0;
    EXPECT_FALSE(parse_receipt(b).has_value());
}

}  // namespace
}  // namespace smpp::test

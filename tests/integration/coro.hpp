#pragma once
// Test coroutines on a fresh io_context, bounded by run_for: a test that hangs fails instead.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <exception>

namespace smpp::test {

// Every argument of a co_await'ed call is best a named object: GCC 12 corrupts temporaries
// materialised inside a co_await expression (strings freed twice, frames clobbered).
constexpr auto tuple_awaitable = boost::asio::as_tuple(boost::asio::use_awaitable);

// Runs `body` on a fresh io_context for at most `limit`; fails the test if it did not finish.
template <typename Body>
void run_coro(Body body, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    boost::asio::io_context io;
    bool finished = false;
    std::exception_ptr failure;
    boost::asio::co_spawn(io, body(io.get_executor()), [&](std::exception_ptr e) {
        failure = e;
        finished = true;
    });
    io.run_for(limit);
    ASSERT_TRUE(finished) << "the test coroutine did not finish within " << limit.count() << " ms";
    if (failure) std::rethrow_exception(failure);
}

}  // namespace smpp::test

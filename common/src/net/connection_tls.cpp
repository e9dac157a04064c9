// The TLS handshake of a connection, between connecting (or accepting) and the SMPP bind.
#include <fmt/format.h>

#include "connection.hpp"

namespace smpp::net {

awaitable<bool> connection::handshake(clock::duration timeout) {
    if (!transport_.secure()) co_return true;
    using namespace asio::experimental::awaitable_operators;
    // As in connect(): deadline_ is idle until run(), and unbind() cancels it to give up.
    deadline_.expires_after(timeout);
    auto outcome = co_await (transport_.async_handshake(use_tuple) || deadline_.async_wait(use_tuple));
    if (session_.closing()) co_return false;
    if (outcome.index() == 1) {
        close_detail_ = fmt::format("TLS handshake timed out after {} ms",
                                    std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count());
    } else if (auto [ec] = std::get<0>(outcome); ec) {
        close_detail_ = fmt::format("TLS handshake failed: {}", transport_.failure_reason(ec));
    } else {
        logger_.event(log::level::info, who(), "tls_established", fmt::format("TLS established: {}", transport_.description()),
                   {.peer = peer_});
        co_return true;
    }
    // The ESME cannot go on; the MC just loses one client.
    logger_.event(role_ == role::esme ? log::level::error : log::level::warn, who(), "tls_handshake_failed", close_detail_,
               {.peer = peer_});
    co_return false;
}

}  // namespace smpp::net

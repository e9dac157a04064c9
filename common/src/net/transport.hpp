#pragma once
#include <memory>
#include <string>

#include "asio.hpp"
#include "smpp/session/session.hpp"

namespace smpp::net {

// The byte stream under a connection: a TCP socket, or TLS over one. The plain path costs one
// branch per operation and nothing else: no allocation, no type erasure of handlers.
class transport {
public:
    using tls_stream = asio::ssl::stream<tcp::socket>;

    explicit transport(tcp::socket socket) : socket_(std::move(socket)) {}
    // TLS over `socket` as `side` of the handshake; close() waits up to `close_wait` for the
    // peer's close_notify.
    transport(tcp::socket socket, asio::ssl::context& context, asio::ssl::stream_base::handshake_type side,
              clock::duration close_wait);

    bool secure() const noexcept { return tls_ != nullptr; }
    tcp::socket& socket() noexcept { return tls_ ? tls_->next_layer() : socket_; }
    // The OpenSSL connection, to set the expected host name; null on the plain path.
    SSL* native() noexcept { return tls_ ? tls_->native_handle() : nullptr; }

    template <typename Token>
    auto async_read_some(asio::mutable_buffer buffer, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, asio::mutable_buffer b) {
                if (tls_)
                    tls_->async_read_some(b, std::move(handler));
                else
                    socket_.async_read_some(b, std::move(handler));
            },
            token, buffer);
    }

    // The whole buffer, like asio::async_write.
    template <typename Token>
    auto async_write(asio::const_buffer buffer, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, asio::const_buffer b) {
                if (tls_)
                    asio::async_write(*tls_, b, std::move(handler));
                else
                    asio::async_write(socket_, b, std::move(handler));
            },
            token, buffer);
    }

    // TLS only.
    template <typename Token>
    auto async_handshake(Token&& token) {
        return tls_->async_handshake(side_, std::forward<Token>(token));
    }

    // Aborts what is pending; the following close() sends no close_notify and waits for nothing.
    void cancel();
    // TLS: close_notify both ways, bounded by close_wait (skipped after cancel()). Then closes
    // the socket.
    awaitable<void> close();

    // Why a handshake failed, naming the certificate check that refused the peer if one did.
    std::string failure_reason(const boost::system::error_code& ec);
    // "TLSv1.3 TLS_AES_256_GCM_SHA384", once the handshake is done.
    std::string description();
    // The peer went away rather than broke: EOF, reset, or TCP closed under TLS without
    // close_notify.
    static bool peer_hung_up(const boost::system::error_code& ec);

private:
    tcp::socket socket_;  // plain only; with TLS the socket lives in tls_
    std::unique_ptr<tls_stream> tls_;
    asio::ssl::stream_base::handshake_type side_ = asio::ssl::stream_base::client;
    clock::duration close_wait_{};
    bool aborted_ = false;
};

}  // namespace smpp::net

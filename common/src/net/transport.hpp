#pragma once
#include <memory>
#include <string>

#include "asio.hpp"
#include "smpp/session/session.hpp"
#include "test_stream.hpp"

namespace smpp::net {

// The byte stream under a connection: a TCP socket, TLS over one, or (tests) a test_stream. The
// plain path costs one branch per operation and nothing else: no allocation, no type erasure of
// handlers; the other two share the branch's far side.
class transport {
public:
    using tls_stream = asio::ssl::stream<tcp::socket>;

    explicit transport(tcp::socket socket) : socket_(std::move(socket)) {}
    // TLS over `socket` as `side` of the handshake; close() waits up to `close_wait` for the
    // peer's close_notify.
    transport(tcp::socket socket, asio::ssl::context& context, asio::ssl::stream_base::handshake_type side,
              clock::duration close_wait);
    // Tests: over `fake` instead of a socket. socket() is then a closed socket on the fake's
    // executor, good for timers and for nothing else.
    explicit transport(std::shared_ptr<test_stream> fake);

    bool secure() const noexcept { return tls_ != nullptr; }
    tcp::socket& socket() noexcept { return tls_ ? tls_->next_layer() : socket_; }
    // The OpenSSL connection, to set the expected host name; null on the plain path.
    SSL* native() noexcept { return tls_ ? tls_->native_handle() : nullptr; }

    template <typename Token>
    auto async_read_some(asio::mutable_buffer buffer, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, asio::mutable_buffer b) {
                if (plain_)
                    socket_.async_read_some(b, std::move(handler));
                else if (tls_)
                    tls_->async_read_some(b, std::move(handler));
                else
                    fake_->async_read_some(b, std::move(handler));
            },
            token, buffer);
    }

    // The whole buffer, like asio::async_write.
    template <typename Token>
    auto async_write(asio::const_buffer buffer, Token&& token) {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, asio::const_buffer b) {
                if (plain_)
                    asio::async_write(socket_, b, std::move(handler));
                else if (tls_)
                    asio::async_write(*tls_, b, std::move(handler));
                else
                    asio::async_write(*fake_, b, std::move(handler));
            },
            token, buffer);
    }

    // Plain TCP is read in two steps: wait until input is there, then take it (read_some) into
    // memory that need not belong to the connection. A TLS or test stream reads into the
    // connection's own buffer, through async_read_some.
    bool reads_when_ready() const noexcept { return plain_; }
    template <typename Handler>
    void async_wait_readable(Handler&& handler) {
        socket_.async_wait(tcp::socket::wait_read, std::forward<Handler>(handler));
    }
    // What has arrived, without waiting (would_block when nothing has). Plain only.
    std::size_t read_some(asio::mutable_buffer b, boost::system::error_code& ec) { return socket_.read_some(b, ec); }

    // What the stream takes now, without waiting (the socket must be non-blocking: see
    // set_run_options). Not for TLS, whose records need the writer; would_block there.
    std::size_t write_some(asio::const_buffer b, boost::system::error_code& ec) {
        if (plain_) return socket_.write_some(b, ec);
        if (fake_) return fake_->write_some(b, ec);
        ec = asio::error::would_block;
        return 0;
    }
    // Before run(): no Nagle delay, and a non-blocking socket so that write_some says
    // would_block rather than stall the thread. Nothing to do on a test stream.
    void set_run_options();

    // TLS only.
    template <typename Token>
    auto async_handshake(Token&& token) {
        return tls_->async_handshake(side_, std::forward<Token>(token));
    }

    // Aborts what is pending; the following close() sends no close_notify and waits for nothing.
    void cancel();
    // Aborts what is pending and nothing more: a TLS close() still says goodbye.
    void interrupt();
    // TLS: close_notify both ways, bounded by close_wait (skipped after cancel()). Then closes
    // the socket.
    awaitable<void> close();
    // Nothing for close() to wait for (plain, test stream, or TLS after cancel()): close_now()
    // does it all.
    bool closes_at_once() const noexcept { return !tls_ || aborted_; }
    void close_now();

    // Why a handshake failed, naming the certificate check that refused the peer if one did.
    std::string failure_reason(const boost::system::error_code& ec);
    // "TLSv1.3 TLS_AES_256_GCM_SHA384", once the handshake is done.
    std::string description();
    // The peer went away rather than broke: EOF, reset, or TCP closed under TLS without
    // close_notify.
    static bool peer_hung_up(const boost::system::error_code& ec);

private:
    tcp::socket socket_;  // plain only; with TLS the socket lives in tls_; over a fake, never opened
    std::unique_ptr<tls_stream> tls_;
    asio::ssl::stream_base::handshake_type side_ = asio::ssl::stream_base::client;
    std::shared_ptr<test_stream> fake_;
    clock::duration close_wait_{};
    bool plain_ = true;  // the one test the TCP path pays for
    bool aborted_ = false;
};

}  // namespace smpp::net

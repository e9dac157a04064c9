#include "transport.hpp"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace smpp::net {

transport::transport(tcp::socket socket, asio::ssl::context& context, asio::ssl::stream_base::handshake_type side,
                     clock::duration close_wait)
    : socket_(socket.get_executor()),
      tls_(std::make_unique<tls_stream>(std::move(socket), context)),
      side_(side),
      close_wait_(close_wait),
      plain_(false) {}

transport::transport(std::shared_ptr<test_stream> fake)
    : socket_(fake->get_executor()), fake_(std::move(fake)), plain_(false) {}

void transport::set_run_options() {
    if (fake_) return;
    socket().set_option(tcp::no_delay(true));
    socket().non_blocking(true);
}

void transport::cancel() {
    aborted_ = true;
    interrupt();
}

void transport::interrupt() {
    if (fake_) fake_->cancel();
    boost::system::error_code ignored;
    socket().cancel(ignored);
}

awaitable<void> transport::close() {
    if (!closes_at_once()) {
        using namespace asio::experimental::awaitable_operators;
        asio::steady_timer limit(socket().get_executor(), close_wait_);
        co_await (tls_->async_shutdown(use_tuple) || limit.async_wait(use_tuple));
    }
    close_now();
}

// close() alone, no shutdown() first: on Linux the last close of a TCP socket sends the FIN
// after what is still unsent (or an RST when unread input is left), as shutdown() then close()
// did. One system call fewer per session: 8% of unbinding 10,000 at once (bench/w2.sh).
void transport::close_now() {
    if (fake_) fake_->close();
    boost::system::error_code ignored;
    socket().close(ignored);
}

std::string transport::failure_reason(const boost::system::error_code& ec) {
    const long verdict = tls_ ? SSL_get_verify_result(tls_->native_handle()) : X509_V_OK;
    if (verdict == X509_V_OK) return ec.message();
    return fmt::format("{}: {}", ec.message(), X509_verify_cert_error_string(verdict));
}

std::string transport::description() {
    if (!tls_) return "plain TCP";
    SSL* ssl = tls_->native_handle();
    return fmt::format("{} {}", SSL_get_version(ssl), SSL_get_cipher_name(ssl));
}

bool transport::peer_hung_up(const boost::system::error_code& ec) {
    // A write into a connection the peer has reset fails with EPIPE: the same hang-up, seen
    // by the writer first.
    return ec == asio::error::eof || ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::ssl::error::stream_truncated;
}

}  // namespace smpp::net

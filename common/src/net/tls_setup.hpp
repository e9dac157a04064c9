#pragma once
#include <optional>
#include <string>

#include "smpp/log/logger.hpp"
#include "smpp/net/tls_options.hpp"
#include "transport.hpp"

namespace smpp::net {

// A process's TLS side: the context built once from tls_options, and the transports made
// from it. With TLS off, transports are plain sockets.
class tls_setup {
public:
    // Reads the certificate, key and CA files. False, after logging tls_setup_failed through
    // `logger`, when one cannot be used. `close_wait` bounds the close_notify exchange of each
    // connection.
    bool load(const tls_options& options, role side, clock::duration close_wait, const log::logger& logger);

    bool enabled() const noexcept { return context_.has_value(); }
    // MC: an accepted socket.
    transport wrap(tcp::socket socket);
    // ESME: a socket about to connect to `host`, the name the MC's certificate must carry.
    transport wrap(tcp::socket socket, const std::string& host);

private:
    std::optional<std::string> configure(const tls_options& options);

    std::optional<asio::ssl::context> context_;
    role side_ = role::esme;
    bool verify_host_ = false;
    clock::duration close_wait_{};
};

}  // namespace smpp::net

#include "tls_setup.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "smpp/log/logger.hpp"

namespace smpp::net {
namespace {

using boost::system::error_code;

// Why `path` cannot be used, before OpenSSL gets a chance to say it less clearly.
std::optional<std::string> unreadable(const std::string& what, const std::string& path) {
    if (std::ifstream(path)) return std::nullopt;
    return fmt::format("cannot read {} {}: {}", what, path, std::strerror(errno));
}

std::optional<std::string> failed(const std::string& what, const std::string& path, const error_code& ec) {
    if (!ec) return std::nullopt;
    return fmt::format("{} {} is not usable: {}", what, path, ec.message());
}

bool is_address(const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace

bool tls_setup::load(const tls_options& options, role side, clock::duration close_wait, const log::logger& logger) {
    if (!options.enabled) return true;
    side_ = side;
    close_wait_ = close_wait;
    verify_host_ = side == role::esme && options.verify_peer;
    context_.emplace(asio::ssl::context::tls);
    if (const auto problem = configure(options)) {
        context_.reset();
        const log::context who{.role = name_of(side)};
        logger.event(log::level::error, who, "tls_setup_failed", fmt::format("TLS setup failed: {}", *problem));
        return false;
    }
    return true;
}

std::optional<std::string> tls_setup::configure(const tls_options& o) {
    auto& ctx = *context_;
    error_code ec;
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    const std::string ciphers = o.ciphers.empty() ? modern_tls12_ciphers : o.ciphers;
    if (SSL_CTX_set_cipher_list(ctx.native_handle(), ciphers.c_str()) != 1)
        return fmt::format("no usable cipher in --tls-ciphers {}", ciphers);
    // DHE suites need parameters; OpenSSL picks ones that match the key's strength.
    SSL_CTX_set_dh_auto(ctx.native_handle(), 1);
    // An encrypted key would make OpenSSL prompt on the terminal; an empty answer fails instead.
    ctx.set_password_callback([](std::size_t, asio::ssl::context::password_purpose) { return std::string(); }, ec);
    if (!o.cert_file.empty()) {
        if (auto p = unreadable("certificate", o.cert_file)) return p;
        ctx.use_certificate_chain_file(o.cert_file, ec);
        if (auto p = failed("certificate", o.cert_file, ec)) return p;
        if (auto p = unreadable("key", o.key_file)) return p;
        ctx.use_private_key_file(o.key_file, asio::ssl::context::pem, ec);  // also matches it to the certificate
        if (auto p = failed("key", o.key_file, ec)) return p;
    }
    if (!o.ca_file.empty()) {
        if (auto p = unreadable("CA file", o.ca_file)) return p;
        ctx.load_verify_file(o.ca_file, ec);
        if (auto p = failed("CA file", o.ca_file, ec)) return p;
    }
    if (side_ == role::mc) {
        // Client certificates are asked for only when there is something to check them against.
        if (!o.ca_file.empty())
            ctx.set_verify_mode(asio::ssl::verify_peer | (o.require_client_cert ? asio::ssl::verify_fail_if_no_peer_cert : 0));
        return std::nullopt;
    }
    if (!o.verify_peer) return std::nullopt;
    if (o.ca_file.empty()) {
        ctx.set_default_verify_paths(ec);
        if (ec) return fmt::format("cannot load the system's CA certificates: {}", ec.message());
    }
    ctx.set_verify_mode(asio::ssl::verify_peer);
    return std::nullopt;
}

transport tls_setup::wrap(tcp::socket socket) {
    if (!context_) return transport(std::move(socket));
    return transport(std::move(socket), *context_, asio::ssl::stream_base::server, close_wait_);
}

transport tls_setup::wrap(tcp::socket socket, const std::string& host) {
    if (!context_) return transport(std::move(socket));
    transport t(std::move(socket), *context_, asio::ssl::stream_base::client, close_wait_);
    SSL* ssl = t.native();
    // RFC 6066: server name indication carries names, never addresses.
    if (!is_address(host)) SSL_set_tlsext_host_name(ssl, host.c_str());
    if (verify_host_) {
        // OpenSSL checks the name during verification, so a mismatch reads "hostname mismatch".
        auto* param = SSL_get0_param(ssl);
        if (is_address(host))
            X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
        else
            X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    }
    return t;
}

}  // namespace smpp::net

#pragma once
// TLS settings shared by the MC and the ESME. File names only: the files are read when the
// server or client starts, so a bad file is reported like a port that cannot be opened.
#include <string>

namespace smpp {

struct tls_options {
    bool enabled = false;
    // PEM. The MC's certificate chain and key (required); an ESME's client certificate (optional).
    std::string cert_file;
    std::string key_file;
    // PEM CA certificates. ESME: the CAs that may sign the MC's certificate (empty: the system's
    // store). MC: the CAs that may sign client certificates; without it none are asked for.
    std::string ca_file;
    bool require_client_cert = false;  // MC: refuse clients without a certificate from ca_file
    // ESME: check the MC's certificate and that it names the host connected to. Off only for
    // tests against self-signed certificates.
    bool verify_peer = true;
    // TLS 1.2 suites in OpenSSL's cipher-list syntax; empty: modern_tls12_ciphers. TLS 1.3
    // keeps OpenSSL's suites, which all have forward secrecy and AEAD.
    std::string ciphers;
};

// Forward secrecy (ECDHE, DHE) and AEAD (AES-GCM, ChaCha20-Poly1305) only: no static RSA key
// exchange, no CBC, no SHA-1 (Mozilla's "intermediate" list).
inline constexpr const char* modern_tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

}  // namespace smpp

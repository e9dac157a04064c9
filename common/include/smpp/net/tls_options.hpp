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
};

}  // namespace smpp

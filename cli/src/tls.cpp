#include "smpp/cli/tls.hpp"

#include <boost/program_options/value_semantic.hpp>

namespace smpp::cli {
namespace {

std::string file_flag(const po::variables_map& vm, const char* name) {
    if (!vm.count(name)) return {};
    auto path = vm[name].as<std::string>();
    if (path.empty()) throw usage_error(std::string("--") + name + " must name a file");
    return path;
}

// Both sides: the TLS 1.2 suites (TLS 1.3 keeps OpenSSL's, which are all modern).
void add_ciphers_option(po::options_description& d) {
    d.add_options()("tls-ciphers", po::value<std::string>(),
                    "TLS 1.2 cipher list in OpenSSL's syntax, for an old peer; default: forward secrecy and AEAD only "
                    "(ECDHE/DHE with AES-GCM or CHACHA20-POLY1305)");
}

std::string ciphers_flag(const po::variables_map& vm) {
    if (!vm.count("tls-ciphers")) return {};
    auto list = vm["tls-ciphers"].as<std::string>();
    if (list.empty()) throw usage_error("--tls-ciphers must name at least one cipher");
    return list;
}

}  // namespace

po::options_description tls_options_for(role side) {
    po::options_description d("TLS");
    if (side == role::mc) {
        d.add_options()
            ("tls", po::bool_switch(), "accept TLS connections only (needs --tls-cert and --tls-key)")
            ("tls-cert", po::value<std::string>(), "PEM certificate chain the MC presents")
            ("tls-key", po::value<std::string>(), "PEM private key of --tls-cert, unencrypted")
            ("tls-ca", po::value<std::string>(), "PEM CA certificates for client certificates; with it clients are asked for one")
            ("tls-require-client-cert", po::bool_switch(), "refuse clients without a certificate signed by --tls-ca");
    } else {
        d.add_options()
            ("tls", po::bool_switch(), "connect with TLS; the MC's certificate must be signed by --tls-ca (default: the system's CAs) and name --host")
            ("tls-ca", po::value<std::string>(), "PEM CA certificates that may sign the MC's certificate")
            ("tls-cert", po::value<std::string>(), "PEM client certificate chain to present (with --tls-key)")
            ("tls-key", po::value<std::string>(), "PEM private key of --tls-cert, unencrypted")
            ("tls-insecure", po::bool_switch(), "TESTS ONLY: accept any MC certificate, unverified");
    }
    add_ciphers_option(d);
    return d;
}

tls_options read_tls_options(const po::variables_map& vm, role side) {
    tls_options o;
    o.enabled = vm["tls"].as<bool>();
    o.cert_file = file_flag(vm, "tls-cert");
    o.key_file = file_flag(vm, "tls-key");
    o.ca_file = file_flag(vm, "tls-ca");
    o.ciphers = ciphers_flag(vm);
    const char* only_flag = side == role::mc ? "tls-require-client-cert" : "tls-insecure";
    const bool only_set = vm[only_flag].as<bool>();
    if (!o.enabled && (!o.cert_file.empty() || !o.key_file.empty() || !o.ca_file.empty() || !o.ciphers.empty() || only_set))
        throw usage_error("the --tls-* flags need --tls");
    if (o.cert_file.empty() != o.key_file.empty()) throw usage_error("--tls-cert and --tls-key go together");
    if (side == role::mc) {
        if (o.enabled && o.cert_file.empty()) throw usage_error("--tls needs --tls-cert and --tls-key");
        o.require_client_cert = only_set;
        if (o.require_client_cert && o.ca_file.empty()) throw usage_error("--tls-require-client-cert needs --tls-ca");
    } else {
        o.verify_peer = !only_set;
        if (only_set && !o.ca_file.empty()) throw usage_error("--tls-insecure and --tls-ca exclude each other");
    }
    return o;
}

}  // namespace smpp::cli

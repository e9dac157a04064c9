#include "test_pki.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace smpp::test {
namespace {

using key_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using cert_ptr = std::unique_ptr<X509, decltype(&X509_free)>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test PKI: ") + what + " failed");
}

key_ptr new_key() {
    key_ptr key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    check(key != nullptr, "key generation");
    return key;
}

void add_extension(X509* cert, X509V3_CTX& ctx, int nid, const char* value) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr && X509_add_ext(cert, ext, -1) == 1, value);
    X509_EXTENSION_free(ext);
}

struct issuer {
    X509* cert;
    EVP_PKEY* key;
};

// A CA when `alt_names` is empty, else a leaf for those names; self-signed without `by`.
cert_ptr make_cert(EVP_PKEY* key, const char* common_name, const char* alt_names, const issuer* by) {
    static long serial = 1;
    cert_ptr cert(X509_new(), X509_free);
    X509* x = cert.get();
    check(X509_set_version(x, 2) == 1, "version");
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    check(X509_set_pubkey(x, key) == 1, "public key");
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
    X509_set_issuer_name(x, by ? X509_get_subject_name(by->cert) : name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, by ? by->cert : x, x, nullptr, nullptr, 0);
    const bool ca = alt_names[0] == '\0';
    add_extension(x, ctx, NID_basic_constraints, ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_extension(x, ctx, NID_key_usage, ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    add_extension(x, ctx, NID_subject_key_identifier, "hash");
    if (!ca) {
        add_extension(x, ctx, NID_ext_key_usage, "serverAuth,clientAuth");
        add_extension(x, ctx, NID_subject_alt_name, alt_names);
    }
    check(X509_sign(x, by ? by->key : key, EVP_sha256()) > 0, "signing");
    return cert;
}

std::unique_ptr<FILE, decltype(&std::fclose)> open_for_writing(const std::string& path) {
    std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "w"), std::fclose);
    check(f != nullptr, "creating a file");
    return f;
}

void write_cert(const std::string& path, X509* cert) { check(PEM_write_X509(open_for_writing(path).get(), cert) == 1, path.c_str()); }

void write_key(const std::string& path, EVP_PKEY* key) {
    check(PEM_write_PrivateKey(open_for_writing(path).get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
          path.c_str());
}

}  // namespace

test_pki::test_pki() {
    std::string pattern = (std::filesystem::temp_directory_path() / "smpp-tls-XXXXXX").string();
    check(mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    dir = pattern;
    auto path = [this](const char* name) { return dir + "/" + name; };

    const auto ca_key = new_key();
    const auto ca_cert = make_cert(ca_key.get(), "smpp test CA", "", nullptr);
    const issuer by_ca{ca_cert.get(), ca_key.get()};
    write_cert(ca = path("ca.pem"), ca_cert.get());

    auto leaf = [&](const char* name, const char* alt_names, std::string& cert_path, std::string& key_path) {
        const auto key = new_key();
        write_cert(cert_path = path((std::string(name) + ".pem").c_str()),
                   make_cert(key.get(), name, alt_names, &by_ca).get());
        write_key(key_path = path((std::string(name) + ".key").c_str()), key.get());
    };
    leaf("server", "IP:127.0.0.1,DNS:localhost", server_cert, server_key);
    leaf("elsewhere", "DNS:mc.example.invalid", elsewhere_cert, elsewhere_key);
    leaf("client", "DNS:esme.example.invalid", client_cert, client_key);

    const auto stranger_key = new_key();
    write_cert(stranger_ca = path("stranger-ca.pem"), make_cert(stranger_key.get(), "unrelated test CA", "", nullptr).get());
}

test_pki::~test_pki() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
}

}  // namespace smpp::test

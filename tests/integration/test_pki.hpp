#pragma once
// Throwaway certificates made at test time with OpenSSL, in a temporary directory that goes
// away with the object: nothing to download, nothing that expires in the repository.
#include <string>

namespace smpp::test {

struct test_pki {
    test_pki();
    ~test_pki();
    test_pki(const test_pki&) = delete;
    test_pki& operator=(const test_pki&) = delete;

    std::string dir;
    std::string ca;             // the CA that signs everything below
    std::string server_cert;    // for 127.0.0.1 and localhost
    std::string server_key;
    std::string elsewhere_cert; // signed by ca, but for another host name only
    std::string elsewhere_key;
    std::string client_cert;    // a client certificate signed by ca
    std::string client_key;
    std::string stranger_ca;    // an unrelated CA: verifying with it must fail
};

}  // namespace smpp::test

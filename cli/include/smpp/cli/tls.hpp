#pragma once
// The --tls flags of both front ends. The MC presents a certificate and may check clients'; the
// ESME checks the MC's and may present one.
#include "smpp/cli/cli.hpp"
#include "smpp/net/tls_options.hpp"
#include "smpp/session/rules.hpp"

namespace smpp::cli {

// A "TLS" group for `side`'s --help.
po::options_description tls_options_for(role side);
// The parsed flags; usage_error for combinations that cannot work. Files are read later, by
// the server or client, which report a bad one as a failure to listen or connect.
tls_options read_tls_options(const po::variables_map& vm, role side);

}  // namespace smpp::cli

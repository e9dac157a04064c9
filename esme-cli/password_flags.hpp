#pragma once
// Where smpp-esme's password comes from. --password is visible to every local user in
// /proc/PID/cmdline (and ps), so it can also come from a file or the environment.
#include "smpp/cli/cli.hpp"

namespace smpp::esme {

// --password and --password-file.
void add_password_options(cli::po::options_description& d);
// The password template ("{n}" expanded later): --password, else --password-file's content
// (one line; a trailing newline is not part of it), else `env` (SMPP_PASSWORD, null when
// unset), else empty. --password with --password-file, or a file that cannot be read or holds
// more than one line, is a usage_error.
std::string read_password(const cli::po::variables_map& vm, const char* env);

}  // namespace smpp::esme

#pragma once
#include "asio.hpp"

namespace smpp::net {

// Runs a front end's main coroutine to completion on `io` and returns its exit code; an
// escaped exception is reported on one line and becomes `internal_error`.
int run_main(asio::io_context& io, awaitable<int> main, int internal_error, std::string_view role);

}  // namespace smpp::net

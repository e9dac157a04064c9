#pragma once
// The descriptor ceiling: one socket per session, and the soft RLIMIT_NOFILE (1024 on most
// systems) is far below the ten thousand sessions the binaries hold.
#include <cstdint>

namespace smpp::cli {

struct fd_limit {
    std::uint64_t soft = 0;  // now in force
    std::uint64_t hard = 0;
};

// Raises the soft limit of this process to its hard limit, which an unprivileged process may
// do; returns the limits then in force.
fd_limit raise_fd_limit();

// Descriptors a binary holds besides its sessions' sockets: standard streams, the reactor,
// the listening socket, log, report and capture files.
constexpr std::uint64_t fds_besides_sessions = 32;

}  // namespace smpp::cli

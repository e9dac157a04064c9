// smpp_tcp_pingpong: the floor for a window-1 round trip on this machine.
//
// Bare TCP on loopback, plain POSIX sockets, TCP_NODELAY on both ends, one
// thread per side and blocking calls: the client writes a 37-byte request
// (submit_sm-sized) and waits for a 24-byte reply (submit_sm_resp-sized:
// 16-byte header plus a short message_id); the server
// thread reads each request whole and answers. No framing, parsing or
// event loop, so whatever smpp-esme/smpp-mc take beyond this is theirs.
//
//   smpp_tcp_pingpong [ROUND_TRIPS]   (default 20000, after 1000 warm-up)
//
// Prints one line:
//   tcp ping-pong N round trips: p50 X us, p90 X us, p99 X us, max X us
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t request_size = 37;
constexpr std::size_t reply_size = 24;
constexpr long warm_up = 1000;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "smpp_tcp_pingpong: %s: %s\n", what, std::strerror(errno));
    std::exit(1);
}

void no_delay(int fd) {
    const int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0) die("setsockopt TCP_NODELAY");
}

// Reads exactly n bytes; false on orderly close before any byte.
bool read_all(int fd, char* p, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::read(fd, p + got, n - got);
        if (r > 0) {
            got += static_cast<std::size_t>(r);
        } else if (r == 0) {
            if (got == 0) return false;
            errno = EPIPE;
            die("read: short message");
        } else if (errno != EINTR) {
            die("read");
        }
    }
    return true;
}

void write_all(int fd, const char* p, std::size_t n) {
    std::size_t sent = 0;
    while (sent < n) {
        const ssize_t w = ::write(fd, p + sent, n - sent);
        if (w >= 0)
            sent += static_cast<std::size_t>(w);
        else if (errno != EINTR)
            die("write");
    }
}

void serve(int listener) {
    const int fd = ::accept(listener, nullptr, nullptr);
    if (fd < 0) die("accept");
    no_delay(fd);
    std::array<char, request_size> request{};
    std::array<char, reply_size> reply{};
    std::memset(reply.data(), 'r', reply.size());
    while (read_all(fd, request.data(), request.size())) write_all(fd, reply.data(), reply.size());
    ::close(fd);
}

double percentile_us(const std::vector<long>& sorted, double p) {
    if (sorted.empty()) return 0;
    auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return static_cast<double>(sorted[std::min(i, sorted.size() - 1)]) / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    long n = 20000;
    if (argc > 1) {
        char* end = nullptr;
        n = std::strtol(argv[1], &end, 10);
        if (argc > 2 || *end != '\0' || n < 1) {
            std::fprintf(stderr, "usage: smpp_tcp_pingpong [ROUND_TRIPS]\n");
            return 2;
        }
    }

    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0) die("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("bind");
    if (::listen(listener, 1) != 0) die("listen");
    socklen_t len = sizeof addr;
    if (::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) die("getsockname");

    std::thread server(serve, listener);

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) die("connect");
    no_delay(fd);

    std::array<char, request_size> request{};
    std::array<char, reply_size> reply{};
    std::memset(request.data(), 's', request.size());
    std::vector<long> ns;
    ns.reserve(static_cast<std::size_t>(n));
    for (long i = 0; i < warm_up + n; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        write_all(fd, request.data(), request.size());
        if (!read_all(fd, reply.data(), reply.size())) {
            errno = EPIPE;
            die("server closed");
        }
        const auto t1 = std::chrono::steady_clock::now();
        if (i >= warm_up) ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
    }
    ::close(fd);
    server.join();
    ::close(listener);

    std::sort(ns.begin(), ns.end());
    std::printf("tcp ping-pong %ld round trips: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us\n", n,
                percentile_us(ns, 0.50), percentile_us(ns, 0.90), percentile_us(ns, 0.99), percentile_us(ns, 1.0));
    return 0;
}

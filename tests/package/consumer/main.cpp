// A program outside the project that uses the installed library: the sans-io session and codec
// from smpp_proto over a plain blocking POSIX socket. It binds as a transceiver, submits one
// message, expects ESME_ROK, unbinds and exits 0 once the unbind_resp closed the session.
//
//   smpp-consumer HOST PORT    exit 0: the whole exchange happened; 1: anything else
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#include "smpp/codec/codec.hpp"
#include "smpp/session/session.hpp"

// The definition travels with the package (CMake target or pkg-config Cflags); a consumer that
// includes Asio must agree with the library about it.
#ifndef BOOST_ASIO_NO_DEPRECATED
#error "BOOST_ASIO_NO_DEPRECATED is not defined: the package did not pass its compile definition"
#endif

namespace {

int fail(const char* what) {
    std::fprintf(stderr, "consumer: %s\n", what);
    return 1;
}

int connect_to(const char* host, const char* port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host, port, &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    return fd;
}

bool write_all(int fd, smpp::byte_buffer& out) {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = send(fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    out.clear();
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) return fail("usage: smpp-consumer HOST PORT");
    const int fd = connect_to(argv[1], argv[2]);
    if (fd < 0) return fail("cannot connect");

    using smpp::clock;
    const auto give_up = clock::now() + std::chrono::seconds(10);
    smpp::session s({.self = smpp::role::esme}, clock::now());
    if (!s.bind(smpp::bind_type::transceiver, {.system_id = "consumer", .password = "secret"}, clock::now()).ok())
        return fail("bind refused by the session");

    bool submitted = false, accepted = false, unbind_answered = false;
    smpp::byte_buffer input;
    for (;;) {
        if (!write_all(fd, s.outbox())) return fail("write failed");
        for (smpp::event& e : std::exchange(s.events(), {})) {
            std::fprintf(stderr, "consumer: event %s\n", std::string(smpp::name_of(e.kind)).c_str());
            switch (e.kind) {
            case smpp::event_kind::bound: {
                smpp::sm_body message;
                message.source_addr = "1000";
                message.destination_addr = "2000";
                message.short_message = "hello from an installed smpp";
                submitted = s.send_request(smpp::command_id::submit_sm, message, clock::now()).ok();
                if (!submitted) return fail("submit_sm refused by the session");
                break;
            }
            case smpp::event_kind::response_received:
                if (e.request_id == smpp::command_id::submit_sm) {
                    if (e.status != smpp::command_status::ok) return fail("submit_sm_resp is not ESME_ROK");
                    accepted = true;
                    s.unbind(clock::now());
                }
                break;
            case smpp::event_kind::request_received:
                s.respond(e.message, smpp::command_status::ok);
                break;
            case smpp::event_kind::unbind_resp_received:
                unbind_answered = true;
                break;
            case smpp::event_kind::closing:
                if (!write_all(fd, s.outbox())) return fail("write failed");
                close(fd);
                std::fprintf(stderr, "consumer: closed (%s)\n", std::string(smpp::name_of(e.reason)).c_str());
                if (e.reason == smpp::close_reason::unbound && submitted && accepted && unbind_answered) return 0;
                return fail("the session did not end with submit_sm accepted and unbind answered");
            default:
                break;
            }
        }
        if (!write_all(fd, s.outbox())) return fail("write failed");

        const auto now = clock::now();
        if (now >= give_up) return fail("timed out");
        auto wait = give_up - now;
        if (const auto deadline = s.next_deadline()) wait = std::min(wait, std::max(*deadline - now, clock::duration::zero()));
        pollfd p{fd, POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait).count()));
        if (ready < 0 && errno != EINTR) return fail("poll failed");
        if (ready > 0) {
            std::uint8_t chunk[4096];
            const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                s.on_transport_closed(smpp::close_reason::peer_closed);
                continue;
            }
            input.insert(input.end(), chunk, chunk + n);
            input.erase(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(s.feed(input, clock::now())));
        }
        s.on_timer(clock::now());
    }
}

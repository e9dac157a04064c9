#include "http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>

namespace smpp::test {
namespace {

using clock = std::chrono::steady_clock;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The reply's status and headers, once the blank line has arrived; its Content-Length.
std::optional<std::size_t> parse_head(const std::string& head, http_reply& reply) {
    const auto first_end = head.find("\r\n");
    if (head.size() < 12) return std::nullopt;
    reply.status = static_cast<unsigned>(std::stoul(head.substr(9, 3)));
    std::size_t length = 0;
    for (auto pos = first_end + 2; pos < head.size();) {
        const auto end = head.find("\r\n", pos);
        const auto line = head.substr(pos, end - pos);
        pos = end + 2;
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        auto name = lower(line.substr(0, colon));
        auto value = line.substr(line.find_first_not_of(' ', colon + 1));
        if (name == "content-length") length = std::stoul(value);
        reply.headers[std::move(name)] = std::move(value);
    }
    return length;
}

}  // namespace

http_conn::http_conn(std::uint16_t port, int receive_buffer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

http_conn::~http_conn() {
    if (fd_ >= 0) ::close(fd_);
}

bool http_conn::send_bytes(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

bool http_conn::closed_by_peer(std::chrono::milliseconds deadline) {
    const auto until = clock::now() + deadline;
    char chunk[4096];
    while (clock::now() < until) {
        pollfd p{fd_, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now()).count();
        if (::poll(&p, 1, static_cast<int>(std::max<long long>(left, 1))) <= 0) continue;
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return true;
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return false;
}

namespace {

// Whether poll() reports one of `events` on fd within the deadline.
bool poll_for(int fd, short events, std::chrono::milliseconds deadline) {
    const auto until = clock::now() + deadline;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        if (::poll(&p, 1, static_cast<int>(left)) > 0) return true;
    }
}

}  // namespace

bool http_conn::readable(std::chrono::milliseconds deadline) {
    return !buffer_.empty() || poll_for(fd_, POLLIN, deadline);
}

bool http_conn::closed_unread(std::chrono::milliseconds deadline) {
    // POLLRDHUP comes with the FIN however much is unread; POLLHUP and POLLERR (a reset) always.
    return poll_for(fd_, POLLRDHUP, deadline);
}

http_reply http_conn::read_reply(std::chrono::milliseconds deadline) {
    const auto until = clock::now() + deadline;
    http_reply reply;
    std::optional<std::size_t> length;
    std::size_t head_end = std::string::npos;
    char chunk[16384];
    for (;;) {
        if (head_end == std::string::npos && (head_end = buffer_.find("\r\n\r\n")) != std::string::npos)
            length = parse_head(buffer_.substr(0, head_end + 2), reply);
        if (length && buffer_.size() >= head_end + 4 + *length) {
            reply.body = buffer_.substr(head_end + 4, *length);
            buffer_.erase(0, head_end + 4 + *length);
            return reply;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock::now()).count();
        pollfd p{fd_, POLLIN, 0};
        if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return {};
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return {};
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

http_reply http_call(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body, const std::string& token) {
    http_conn c(port);
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    if (!body.empty()) request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    if (!c.connected() || !c.send_bytes(request)) return {};
    return c.read_reply();
}

}  // namespace smpp::test

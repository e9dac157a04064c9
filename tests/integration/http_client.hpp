#pragma once
// A blocking HTTP/1.1 client on a plain socket to 127.0.0.1, for the HTTP API's tests: whole
// requests, or bytes as they are (slow clients, oversized headers). Every read has a deadline.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace smpp::test {

struct http_reply {
    unsigned status = 0;  // 0: no answer (closed, or the deadline)
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;
    nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class http_conn {
public:
    // receive_buffer > 0: SO_RCVBUF before connecting, so a reader that stops fills its window soon.
    explicit http_conn(std::uint16_t port, int receive_buffer = 0);
    ~http_conn();
    http_conn(const http_conn&) = delete;
    http_conn& operator=(const http_conn&) = delete;

    bool connected() const noexcept { return fd_ >= 0; }
    bool send_bytes(const std::string& bytes);
    // One whole answer; status 0 when none came within the deadline or the connection ended.
    http_reply read_reply(std::chrono::milliseconds deadline = std::chrono::seconds(5));
    // True once the server closed the connection (read returns 0 or a reset) within the deadline.
    bool closed_by_peer(std::chrono::milliseconds deadline = std::chrono::seconds(5));
    // True once bytes wait to be read within the deadline; reads none of them.
    bool readable(std::chrono::milliseconds deadline = std::chrono::seconds(5));
    // As closed_by_peer, without reading a byte: a FIN (even behind unread bytes) or a reset.
    bool closed_unread(std::chrono::milliseconds deadline = std::chrono::seconds(5));

private:
    int fd_ = -1;
    std::string buffer_;
};

// One request on a connection of its own.
http_reply http_call(std::uint16_t port, const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::string& token = {});

}  // namespace smpp::test

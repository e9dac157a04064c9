#pragma once
// A blocking HTTP/1.1 client for the endpoint tests: one request per connection, with a
// deadline on the whole exchange.
#include <chrono>
#include <cstdint>
#include <string>

namespace smpp::test {

struct http_answer {
    unsigned status = 0;  // 0: no answer (refused, or the deadline passed)
    std::string body;
    std::string content_type;
};

http_answer http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& token = {},
                      std::chrono::milliseconds deadline = std::chrono::seconds(5));

}  // namespace smpp::test

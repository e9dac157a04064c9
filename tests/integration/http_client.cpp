#include "http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace smpp::test {

namespace beast = boost::beast;

http_answer http_call(std::uint16_t port, const std::string& method, const std::string& target,
                      const std::string& body, const std::string& token, std::chrono::milliseconds deadline) {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(deadline);
    http_answer out;
    try {
        stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        beast::http::request<beast::http::string_body> req(beast::http::string_to_verb(method), target, 11);
        req.set(beast::http::field::host, "127.0.0.1");
        if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
        if (!body.empty()) req.set(beast::http::field::content_type, "application/json");
        req.body() = body;
        req.prepare_payload();
        beast::http::write(stream, req);
        beast::flat_buffer buffer;
        beast::http::response<beast::http::string_body> res;
        beast::http::read(stream, buffer, res);
        out.status = res.result_int();
        out.body = res.body();
        out.content_type = std::string(res[beast::http::field::content_type]);
    } catch (const boost::system::system_error&) {
        out.status = 0;
    }
    return out;
}

}  // namespace smpp::test

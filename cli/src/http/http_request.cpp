#include "http_request.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>

namespace smpp::cli::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

method method_of(bhttp::verb v) {
    switch (v) {
        case bhttp::verb::get: return method::get;
        case bhttp::verb::head: return method::head;
        case bhttp::verb::post: return method::post;
        case bhttp::verb::put: return method::put;
        case bhttp::verb::patch: return method::patch;
        case bhttp::verb::delete_: return method::del;
        default: return method::other;
    }
}

bool beyond_limit(const boost::system::error_code& ec) {
    return ec == bhttp::error::header_limit || ec == bhttp::error::body_limit ||
           ec == bhttp::error::buffer_overflow;
}

void parse_query(std::string_view q, request& r) {
    while (!q.empty()) {
        const auto amp = q.find('&');
        const auto pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!key || !value) throw bad_request("bad percent-escape in the query string");
        r.query[std::move(*key)] = std::move(*value);
    }
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else if (s[i] == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

boost::asio::awaitable<read_outcome> read_request(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                                  bhttp::request_parser<bhttp::string_body>& parser,
                                                  std::size_t limit) {
    parser.header_limit(static_cast<std::uint32_t>(limit));
    parser.body_limit(limit);
    auto [ec, header_octets] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
    if (beyond_limit(ec)) co_return read_outcome::too_large;
    if (ec) co_return read_outcome::closed;
    // What the header left of the limit is the body's. Beast checks a Content-Length against
    // body_limit as the header ends, so a declared length is checked here.
    const auto room = limit > header_octets ? limit - header_octets : 0;
    if (parser.content_length() && *parser.content_length() > room) co_return read_outcome::too_large;
    parser.body_limit(room);
    auto [body_ec, body_octets] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
    if (beyond_limit(body_ec)) co_return read_outcome::too_large;
    co_return body_ec ? read_outcome::closed : read_outcome::ok;
}

request from_beast(const bhttp::request<bhttp::string_body>& in) {
    request r;
    r.verb = method_of(in.method());
    const std::string_view target(in.target().data(), in.target().size());
    const auto question = target.find('?');
    auto path = percent_decode(target.substr(0, question), false);
    r.path = path ? std::move(*path) : std::string(target.substr(0, question));
    if (question != std::string_view::npos) parse_query(target.substr(question + 1), r);
    for (const auto& field : in) {
        std::string name(field.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.headers[std::move(name)] = std::string(field.value());
    }
    r.body = in.body();
    return r;
}

bhttp::response<bhttp::string_body> to_beast(response r, unsigned version, bool keep_alive) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(r.status), version};
    out.set(bhttp::field::content_type, r.content_type);
    out.set(bhttp::field::cache_control, "no-store");
    for (auto& [name, value] : r.headers) out.set(name, value);
    out.keep_alive(keep_alive);
    out.body() = std::move(r.body);
    out.prepare_payload();
    return out;
}

bool bearer_matches(std::string_view authorization, std::string_view token) noexcept {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() != scheme.size() + token.size() || !authorization.starts_with(scheme)) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < token.size(); ++i)
        diff |= static_cast<unsigned char>(authorization[scheme.size() + i] ^ token[i]);
    return diff == 0;
}

}  // namespace smpp::cli::http

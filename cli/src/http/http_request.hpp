#pragma once
// Between Beast's messages and the router's: reading one request within the size limit,
// decoding its target, the token check, and writing the router's answer.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "smpp/cli/http.hpp"

namespace smpp::cli::http {

enum class read_outcome { ok, too_large, closed };

// Reads one request whose header and body together fit in `limit` octets. `closed` covers the
// peer's close, the deadline of the stream and a malformed request: the connection ends then.
boost::asio::awaitable<read_outcome> read_request(boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer,
                                                  boost::beast::http::request_parser<boost::beast::http::string_body>& parser,
                                                  std::size_t limit);

// Throws bad_request for a broken percent-escape in the query.
request from_beast(const boost::beast::http::request<boost::beast::http::string_body>& in);
boost::beast::http::response<boost::beast::http::string_body> to_beast(response r, unsigned version, bool keep_alive);

// "Bearer TOKEN" with this very token; compared in constant time for tokens of a length.
bool bearer_matches(std::string_view authorization, std::string_view token) noexcept;

// "%41b+c" -> "Ab c"; nullopt for a broken escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

}  // namespace smpp::cli::http

#pragma once
// A small HTTP/1.1 server for watching and driving a running binary (smpp-mc, smpp-esme): a
// router of method + path pattern to handlers, and a Boost.Beast server on the application's
// io_context, so handlers run on the I/O thread beside the SMPP traffic and need no lock. The
// server bounds what a client may cost: one message of header and body at most max_message
// octets (413 beyond), a read deadline per request, and a cap on connections (beyond it a new
// connection is closed at once). Mutating requests (POST, PUT, PATCH, DELETE) need
// `Authorization: Bearer TOKEN` when a token is set.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <boost/system/error_code.hpp>
#include <nlohmann/json.hpp>

namespace smpp::cli::http {

using json = nlohmann::json;

enum class method { get, head, post, put, patch, del, other };

// "GET", "DELETE", ...
std::string_view name_of(method m) noexcept;
// True for the methods that need the token: POST, PUT, PATCH, DELETE.
bool mutates(method m) noexcept;

struct request {
    method verb = method::get;
    std::string path;                          // the target before '?', percent-decoded
    std::map<std::string, std::string> query;  // decoded; a repeated key keeps its last value
    std::map<std::string, std::string> params; // the pattern's {name} segments, by name
    std::map<std::string, std::string> headers;  // names in lower case
    std::string body;

    // The header's value, or empty.
    std::string_view header(std::string_view lower_case_name) const;
    // A query parameter, when present.
    std::optional<std::string_view> arg(std::string_view name) const;
    // The body as JSON; throws bad_request naming the problem (empty body, syntax error at
    // byte N, ...).
    json body_json() const;
};

struct response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type/-Length

    // `j` serialised, as application/json.
    static response of_json(const json& j, unsigned status = 200);
    // {"error": message}, the form of every error answer.
    static response error(unsigned status, std::string_view message);
    // Anything that is not JSON: /metrics, the status page.
    static response text(std::string body, std::string content_type, unsigned status = 200);
};

// Thrown by a handler (or by request::body_json) to answer with an error: the router turns it
// into response::error(status, what()). Handlers may throw it from anywhere within.
struct http_error : std::runtime_error {
    http_error(unsigned status, const std::string& message) : std::runtime_error(message), status(status) {}
    unsigned status;
};
struct bad_request : http_error {
    explicit bad_request(const std::string& message) : http_error(400, message) {}
};
struct not_found : http_error {
    explicit not_found(const std::string& message) : http_error(404, message) {}
};

using handler = std::function<response(const request&)>;

// Method + path pattern -> handler. A pattern is literal segments and {name} segments, each a
// whole segment ("/messages/{id}/deliver"); the literal pattern wins over a {name} one for the
// same path. Unknown path: 404; known path, other method: 405 with Allow; HEAD is answered as
// GET without the body.
class router {
public:
    void add(method m, std::string pattern, handler h);
    // Fills r.params and answers; never throws (a handler's exception becomes its error
    // response, anything else 500).
    response dispatch(request& r) const;

private:
    struct route {
        method verb;
        std::vector<std::string> segments;
        handler run;
    };
    std::vector<route> routes_;
};

struct options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;  // 0: any free port, see server::local_port()
    // Required as "Authorization: Bearer TOKEN" on mutating requests; empty: none required
    // (read_options() insists on one beyond loopback).
    std::string token;
    std::chrono::milliseconds read_timeout{10000};  // to read each whole request; again to write each answer
    std::size_t max_connections = 64;
    std::size_t max_message = 64 * 1024;  // header and body together
    std::string role = "mc";              // of its log records
    std::function<void(std::uint16_t port)> on_listening;  // after listen(), e.g. the port file
};

// --http, --http-port-file, --http-token, --http-token-file, --http-timeout: the same flags on
// both binaries.
void add_options(boost::program_options::options_description& d);
// Nothing when --http is absent. Bad values, or no token for a non-loopback address, throw
// usage_error. `role` goes into options::role.
std::optional<options> read_options(const boost::program_options::variables_map& vm, std::string role);

// The HTTP server on `ex`'s io_context: one connection at a time per client, every one
// answered by the router in turn.
class server {
public:
    server(boost::asio::any_io_executor ex, options o, router r);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Starts listening and accepting; logs `http_listening` (or `http_listen_failed`) and calls
    // on_listening. Returns the failure, if any.
    boost::system::error_code start();
    std::uint16_t local_port() const noexcept;
    // Stops accepting and closes every connection; safe to call repeatedly.
    void stop();
    std::size_t connection_count() const noexcept;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

}  // namespace smpp::cli::http

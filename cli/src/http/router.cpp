// The router and the request/response helpers: plain code, no sockets, unit-testable.
#include <algorithm>

#include "smpp/cli/http.hpp"

namespace smpp::cli::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        const auto end = std::min(path.find('/', start), path.size());
        segments.emplace_back(path.substr(start, end - start));
        start = end;
    }
    return segments;
}

bool is_param(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How well `pattern` matches `path`: none, or the number of literal segments (more wins).
std::optional<std::size_t> match(const std::vector<std::string>& pattern, const std::vector<std::string>& path) {
    if (pattern.size() != path.size()) return std::nullopt;
    std::size_t literals = 0;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (is_param(pattern[i])) continue;
        if (pattern[i] != path[i]) return std::nullopt;
        ++literals;
    }
    return literals;
}

void bind_params(const std::vector<std::string>& pattern, const std::vector<std::string>& path, request& r) {
    for (std::size_t i = 0; i < path.size(); ++i)
        if (is_param(pattern[i])) r.params[pattern[i].substr(1, pattern[i].size() - 2)] = path[i];
}

}  // namespace

std::string_view name_of(method m) noexcept {
    switch (m) {
        case method::get: return "GET";
        case method::head: return "HEAD";
        case method::post: return "POST";
        case method::put: return "PUT";
        case method::patch: return "PATCH";
        case method::del: return "DELETE";
        case method::other: break;
    }
    return "OTHER";
}

bool mutates(method m) noexcept {
    return m == method::post || m == method::put || m == method::patch || m == method::del;
}

std::string_view request::header(std::string_view lower_case_name) const {
    const auto it = headers.find(std::string(lower_case_name));
    return it == headers.end() ? std::string_view{} : std::string_view(it->second);
}

std::optional<std::string_view> request::arg(std::string_view name) const {
    const auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return std::string_view(it->second);
}

json request::body_json() const {
    if (body.empty()) throw bad_request("the request needs a JSON body");
    try {
        return json::parse(body);
    } catch (const json::parse_error& e) {
        throw bad_request("bad JSON at byte " + std::to_string(e.byte) + ": " +
                          std::string(e.what()).substr(std::string(e.what()).find(':') + 2));
    }
}

response response::of_json(const json& j, unsigned status) {
    // Replacement, not an exception, for invalid UTF-8 in a stored text: the answer still goes out.
    return {.status = status, .body = j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

response response::error(unsigned status, std::string_view message) {
    return of_json(json{{"error", message}}, status);
}

response response::text(std::string body, std::string content_type, unsigned status) {
    return {.status = status, .content_type = std::move(content_type), .body = std::move(body)};
}

void router::add(method m, std::string pattern, handler h) {
    routes_.push_back(route{m, split_path(pattern), std::move(h)});
}

response router::dispatch(request& r) const {
    const auto path = split_path(r.path);
    const route* best = nullptr;
    std::optional<std::size_t> best_score;
    std::string allow;
    const method wanted = r.verb == method::head ? method::get : r.verb;
    for (const auto& candidate : routes_) {
        const auto score = match(candidate.segments, path);
        if (!score) continue;
        if (candidate.verb != wanted) {
            allow += allow.empty() ? "" : ", ";
            allow += name_of(candidate.verb);
            continue;
        }
        if (!best_score || *score > *best_score) best = &candidate, best_score = score;
    }
    if (!best && allow.empty()) return response::error(404, "no such path: " + r.path);
    if (!best) {
        auto answer = response::error(405, std::string(name_of(r.verb)) + " is not allowed here; allowed: " + allow);
        answer.headers.emplace_back("Allow", allow);
        return answer;
    }
    bind_params(best->segments, path, r);
    try {
        return best->run(r);
    } catch (const http_error& e) {
        return response::error(e.status, e.what());
    } catch (const json::exception& e) {
        // A handler reading a field of the wrong type: the client's fault.
        return response::error(400, e.what());
    } catch (const std::exception& e) {
        return response::error(500, e.what());
    }
}

}  // namespace smpp::cli::http

#pragma once
// An in-process smpp-mc with its HTTP API on 127.0.0.1, both on free ports.
#include <future>

#include "harness.hpp"
#include "http_client.hpp"

namespace smpp::test {

struct http_mc {
    explicit http_mc(mc_options o = {}, cli::http::options h = {}) : mc(with_http(std::move(o), std::move(h), port)) {
        auto f = port.get_future();
        if (f.wait_for(10s) == std::future_status::ready) http_port = f.get();
    }

    static mc_options with_http(mc_options o, cli::http::options h, std::promise<std::uint16_t>& port) {
        h.host = "127.0.0.1";
        h.port = 0;
        h.on_listening = [&port](std::uint16_t p) { port.set_value(p); };
        o.http = std::move(h);
        return o;
    }

    http_reply get(const std::string& target) const { return http_call(http_port, "GET", target); }
    http_reply send(const std::string& method, const std::string& target, const std::string& body = {},
                    const std::string& token = {}) const {
        return http_call(http_port, method, target, body, token);
    }

    std::promise<std::uint16_t> port;
    running_mc mc;
    std::uint16_t http_port = 0;
};

}  // namespace smpp::test

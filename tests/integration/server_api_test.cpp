// smpp::net::server on a test's own io_context: what the application sees of it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "harness.hpp"
#include "smpp/net/server.hpp"

namespace smpp::test {
namespace {

TEST(ServerApi, CredentialsAuthenticatorNamesWhatIsWrong) {
    const auto check = net::credentials_authenticator({{"alice", "secret"}});
    EXPECT_EQ(check(bind_body{.system_id = "alice", .password = "secret"}, "127.0.0.1"), command_status::ok);
    EXPECT_EQ(check(bind_body{.system_id = "alice", .password = "secreT"}, "127.0.0.1"), command_status::invalid_password);
    EXPECT_EQ(check(bind_body{.system_id = "alice", .password = "secret2"}, "127.0.0.1"), command_status::invalid_password);
    EXPECT_EQ(check(bind_body{.system_id = "bob", .password = "secret"}, "127.0.0.1"), command_status::invalid_system_id);
}

struct counting_handler : net::server_handler {
    int bound = 0, requests = 0, closed = 0;
    net::server* server = nullptr;
    void on_bound(net::server_session&) override { ++bound; }
    void on_event(net::server_session& s, const event& e) override {
        if (e.kind != event_kind::request_received) return;
        ++requests;
        s.respond(e.message, command_status::ok, sm_resp_body{"1"});
    }
    void on_closed(net::server_session&, close_reason) override {
        ++closed;
        server->stop_accepting();
    }
};

// Port 0, a bind, a submit answered by the handler, and async_run completing cleanly once the
// application stops accepting.
TEST(ServerApi, RunsOnTheApplicationsExecutorUntilItStopsAccepting) {
    boost::asio::io_context io;
    counting_handler h;
    net::server s(io.get_executor(), {.port = 0}, net::accept_any_bind(), h);
    h.server = &s;
    ASSERT_FALSE(s.listen());
    const auto port = s.local_port();
    ASSERT_NE(port, 0);
    std::optional<boost::system::error_code> ran;
    s.async_run([&](boost::system::error_code ec) { ran = ec; });
    std::thread esme([port] {
        raw_esme e(port);
        ASSERT_EQ(e.bind(command_id::bind_transceiver, "sid"), command_status::ok);
        e.send(e.submit(sm_body{.source_addr = "1", .destination_addr = "2", .short_message = "hi"}));
        const auto resp = e.receive();
        ASSERT_TRUE(resp);
        EXPECT_EQ(resp->id, command_id::submit_sm_resp);
    });
    io.run_for(std::chrono::seconds(10));
    esme.join();
    ASSERT_TRUE(ran);
    EXPECT_FALSE(*ran);
    EXPECT_EQ(h.bound, 1);
    EXPECT_EQ(h.requests, 1);
    EXPECT_EQ(h.closed, 1);
}

TEST(ServerApi, AListenFailureCompletesTheRunWithIt) {
    boost::asio::io_context io;
    net::server_handler h;
    net::server s(io.get_executor(), {.host = "192.0.2.123", .port = 1}, nullptr, h);  // not ours: cannot bind
    std::optional<boost::system::error_code> ran;
    s.async_run([&](boost::system::error_code ec) { ran = ec; });
    io.run_for(std::chrono::seconds(5));
    ASSERT_TRUE(ran);
    EXPECT_TRUE(*ran);
}

}  // namespace
}  // namespace smpp::test

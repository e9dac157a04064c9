// The HTTP server's rules, through smpp-mc: 404, 405 with Allow, 400 for bad JSON, the token
// on mutating requests, 413 beyond 64 KiB, the connection cap, the read timeout and the answer's
// write timeout.
#include <algorithm>

#include <gtest/gtest.h>

#include "http_mc_fixture.hpp"

namespace smpp::test {
namespace {

std::string error_of(const http_reply& r) { return r.json()["error"].get<std::string>(); }

TEST(HttpLimits, UnknownPathWrongMethodAndBadJson) {
    http_mc m;
    EXPECT_EQ(m.get("/nothing/here").status, 404u);
    const auto wrong = m.send("DELETE", "/knobs");
    EXPECT_EQ(wrong.status, 405u);
    EXPECT_EQ(wrong.headers.at("allow"), "GET, PATCH");
    const auto bad = m.send("PATCH", "/knobs", R"({"reject_ratio": )");
    EXPECT_EQ(bad.status, 400u);
    EXPECT_NE(error_of(bad).find("bad JSON at byte"), std::string::npos) << error_of(bad);
    EXPECT_EQ(m.send("PATCH", "/knobs").status, 400u);  // no body at all
    EXPECT_EQ(m.get("/status").headers.at("content-type"), "application/json");
}

TEST(HttpLimits, MutatingRequestsNeedTheToken) {
    cli::http::options h;
    h.token = "s3cret";
    http_mc m({}, h);
    EXPECT_EQ(m.get("/knobs").status, 200u);  // reading needs none
    EXPECT_EQ(m.send("PATCH", "/knobs", R"({"throttle": 5})").status, 401u);
    EXPECT_EQ(m.send("PATCH", "/knobs", R"({"throttle": 5})", "wrong!").status, 401u);
    EXPECT_EQ(m.send("POST", "/reset").status, 401u);
    EXPECT_EQ(m.get("/knobs").json()["throttle"], 0);
    EXPECT_EQ(m.send("PATCH", "/knobs", R"({"throttle": 5})", "s3cret").status, 200u);
    EXPECT_EQ(m.get("/knobs").json()["throttle"], 5);
}

TEST(HttpLimits, BeyondSixtyFourKibIs413) {
    http_mc m;
    const std::string big(70 * 1024, ' ');
    EXPECT_EQ(m.send("PATCH", "/knobs", "{" + big + "}").status, 413u);
    http_conn c(m.http_port);
    ASSERT_TRUE(c.send_bytes("GET /status HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n"));
    EXPECT_EQ(c.read_reply().status, 413u);
    // Just under the limit is fine.
    EXPECT_EQ(m.send("PATCH", "/knobs", "{" + std::string(60 * 1024, ' ') + "}").status, 200u);
}

TEST(HttpLimits, ConnectionsBeyondTheCapAreClosedAtOnce) {
    cli::http::options h;
    h.max_connections = 2;
    http_mc m({}, h);
    const std::string keep = "GET /knobs HTTP/1.1\r\nHost: x\r\n\r\n";
    http_conn first(m.http_port), second(m.http_port);
    // Answered, so both are surely accepted and held open (keep-alive) before the third comes.
    ASSERT_TRUE(first.send_bytes(keep));
    ASSERT_EQ(first.read_reply().status, 200u);
    ASSERT_TRUE(second.send_bytes(keep));
    ASSERT_EQ(second.read_reply().status, 200u);
    http_conn third(m.http_port);
    EXPECT_TRUE(third.closed_by_peer(5s));
    ASSERT_TRUE(first.send_bytes(keep));  // the ones within the cap still work
    EXPECT_EQ(first.read_reply().status, 200u);
}

TEST(HttpLimits, AClientTooSlowWithItsRequestIsClosed) {
    cli::http::options h;
    h.read_timeout = 300ms;
    http_mc m({}, h);
    http_conn slow(m.http_port);
    ASSERT_TRUE(slow.send_bytes("GET /status HTTP/1.1\r\nHo"));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(slow.closed_by_peer(5s));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    EXPECT_EQ(m.get("/status").status, 200u);  // and the server goes on serving others
}

// A client that asks for a big answer and never reads it: the MC gives up on the write at the
// timeout, says so, closes the connection and goes on serving others.
TEST(HttpLimits, AnAnswerNeverReadIsDroppedAtTheTimeoutAndLogged) {
    event_log events;
    cli::http::options h;
    h.read_timeout = 300ms;
    http_mc m({}, h);
    {
        // 1,000 stored messages of 254 characters: GET /messages?limit=1000 is about half a
        // megabyte.
        auto o = esme_for(m.mc.port(), 1);
        o.synthetic = {.from = "123", .to = "456", .text = std::string(254, 'a')};
        o.synthetic_count = 1000;
        o.window = 64;
        o.long_text = traffic::long_mode::payload;
        o.on_summary = [](const traffic::summary&) {};
        running_esme esme(std::move(o));
        ASSERT_EQ(esme.wait(30s), esme_exit::ok);
    }
    const auto big = m.get("/messages?limit=1000");
    ASSERT_EQ(big.status, 200u);
    ASSERT_GT(big.body.size(), 250'000u);

    // Twelve of them pipelined, about 6 MB: beyond the server's send buffer (loopback grows it
    // to tcp_wmem's maximum, 4 MiB by default) and this client's few KiB of window.
    http_conn stall(m.http_port, 4096);
    std::string requests;
    for (int i = 0; i < 12; ++i) requests += "GET /messages?limit=1000 HTTP/1.1\r\nHost: x\r\n\r\n";
    ASSERT_TRUE(stall.send_bytes(requests));
    // Once the answers are coming the server reads nothing more from the socket (the requests
    // are in its buffer): one more waits unread there, so the server's close is a reset, which
    // this client sees without reading its answers.
    ASSERT_TRUE(stall.readable(5s));
    ASSERT_TRUE(stall.send_bytes("GET /status HTTP/1.1\r\nHost: x\r\n\r\n"));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(events.wait_for("mc", "http_write_timed_out", 1, 5s));
    EXPECT_TRUE(stall.closed_unread(5s));
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    const auto all = events.snapshot();
    const auto it = std::find_if(all.begin(), all.end(), [](const logged& e) { return e.event == "http_write_timed_out"; });
    ASSERT_NE(it, all.end());
    EXPECT_EQ(it->level, "warn");
    EXPECT_NE(it->msg.find("within 300 ms"), std::string::npos) << it->msg;
    EXPECT_EQ(m.get("/status").status, 200u);
}

}  // namespace
}  // namespace smpp::test

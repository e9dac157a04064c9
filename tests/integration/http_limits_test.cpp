// The HTTP server's rules, through smpp-mc: 404, 405 with Allow, 400 for bad JSON, the token
// on mutating requests, 413 beyond 64 KiB, the connection cap and the read timeout.
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

}  // namespace
}  // namespace smpp::test

// The HTTP router and the knobs' JSON, without sockets.
#include <gtest/gtest.h>

#include "knobs.hpp"
#include "smpp/cli/http.hpp"

namespace smpp::cli::http {
namespace {

request make(method m, std::string path) {
    request r;
    r.verb = m;
    r.path = std::move(path);
    return r;
}

router sample() {
    router r;
    r.add(method::get, "/messages", [](const request&) { return response::of_json({{"list", true}}); });
    r.add(method::get, "/messages/{id}", [](const request& q) { return response::of_json({{"id", q.params.at("id")}}); });
    r.add(method::post, "/messages/{id}/deliver", [](const request&) -> response { throw bad_request("nope"); });
    r.add(method::get, "/messages/latest", [](const request&) { return response::of_json({{"latest", true}}); });
    return r;
}

TEST(HttpRouter, MatchesPatternsAndPrefersLiterals) {
    const auto r = sample();
    auto q = make(method::get, "/messages/ab12");
    EXPECT_EQ(json::parse(r.dispatch(q).body)["id"], "ab12");
    q = make(method::get, "/messages/latest");
    EXPECT_EQ(json::parse(r.dispatch(q).body)["latest"], true);
    q = make(method::get, "/messages/");  // a trailing slash is the same path
    EXPECT_EQ(json::parse(r.dispatch(q).body)["list"], true);
}

TEST(HttpRouter, NotFoundMethodNotAllowedAndHandlerErrors) {
    const auto r = sample();
    auto q = make(method::get, "/nothing");
    EXPECT_EQ(r.dispatch(q).status, 404u);
    q = make(method::del, "/messages/ab12");
    const auto wrong = r.dispatch(q);
    EXPECT_EQ(wrong.status, 405u);
    ASSERT_EQ(wrong.headers.size(), 1u);
    EXPECT_EQ(wrong.headers[0].second, "GET");
    q = make(method::post, "/messages/ab12/deliver");
    const auto refused = r.dispatch(q);
    EXPECT_EQ(refused.status, 400u);
    EXPECT_EQ(json::parse(refused.body)["error"], "nope");
    q = make(method::head, "/messages");
    EXPECT_EQ(r.dispatch(q).status, 200u);
}

TEST(HttpRouter, BodyJsonNamesTheProblem) {
    request q;
    EXPECT_THROW(q.body_json(), bad_request);
    q.body = "{\"a\": }";
    try {
        q.body_json();
        FAIL();
    } catch (const bad_request& e) {
        EXPECT_NE(std::string(e.what()).find("byte 7"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace smpp::cli::http

namespace smpp::mc_app {
namespace {

TEST(Knobs, PatchedChecksEveryKeyAndAppliesAllOrNothing) {
    mc_knobs k;
    const auto next = patched(k, {{"reject_ratio", 0.25}, {"receipt_fail_state", "expired"}, {"response_delay_ms", 50},
                                  {"reject_status", 88}, {"ignore_unbind", true}});
    EXPECT_EQ(next.reject_ratio, 0.25);
    EXPECT_EQ(next.receipt_fail_state, message_state::expired);
    EXPECT_EQ(next.response_delay, std::chrono::milliseconds(50));
    EXPECT_EQ(next.reject_status, 88u);
    EXPECT_TRUE(next.ignore_unbind);
    EXPECT_THROW(patched(k, {{"reject_ratio", -0.1}}), cli::http::bad_request);
    EXPECT_THROW(patched(k, {{"throttle", 1.5}}), cli::http::bad_request);
    EXPECT_THROW(patched(k, {{"receipt_fail_state", "DELIVRD"}}), cli::http::bad_request);
    EXPECT_THROW(patched(k, {{"reject_status", "0x0"}}), cli::http::bad_request);
    EXPECT_THROW(patched(k, {{"receipt_fail_error", 0}}), cli::http::bad_request);
    EXPECT_THROW(patched(k, cli::http::json::array()), cli::http::bad_request);
    EXPECT_EQ(to_json(next)["receipt_fail_state"], "EXPIRED");
}

}  // namespace
}  // namespace smpp::mc_app

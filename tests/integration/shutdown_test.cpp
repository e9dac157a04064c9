// The shutdown paths of issue #2, with the real MC and ESME in one process over loopback.
#include <gtest/gtest.h>
#include <unistd.h>

#include "expect_unbinds.hpp"
#include "harness.hpp"
#include "smpp/codec/codec.hpp"

namespace smpp::test {
namespace {

using clock_type = std::chrono::steady_clock;

mc_options with_credentials(unsigned sessions) {
    mc_options o;
    for (unsigned n = 1; n <= sessions; ++n)
        o.credentials.emplace("sid" + std::to_string(n), "pass" + std::to_string(n));
    o.allow_any_bind = false;
    return o;
}

TEST(Shutdown, EsmeStopUnbindsEverySessionAndBothExitCleanly) {
    event_log log;
    running_mc mc(with_credentials(5));
    ASSERT_NE(mc.port(), 0);
    running_esme esme(esme_for(mc.port(), 5));
    ASSERT_TRUE(log.wait_for("esme", "bound", 5));

    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 5);
    EXPECT_EQ(log.count("esme", "unbind_sent"), 5u);

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Shutdown, DurationEndsTheRunWithAGracefulUnbind) {
    event_log log;
    running_mc mc;
    auto options = esme_for(mc.port(), 3);
    options.duration = 300ms;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 3);
}

TEST(Shutdown, McStopUnbindsClientsWhichAnswerAndExitByThemselves) {
    event_log log;
    running_mc mc(with_credentials(3));
    running_esme esme(esme_for(mc.port(), 3));
    ASSERT_TRUE(log.wait_for("mc", "bound", 3));

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    expect_every_unbind_matched(log, 3);
    EXPECT_EQ(log.count("mc", "unbind_sent"), 3u);
    EXPECT_EQ(log.count("esme", "unbind_resp_sent"), 3u);
}

TEST(Shutdown, UnansweredUnbindTimesOutWithinTheDeadline) {
    event_log log;
    mc_options quiet;
    quiet.ignore_unbind = true;
    running_mc mc(quiet);
    auto options = esme_for(mc.port(), 2);
    options.unbind_timeout = 300ms;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "bound", 2));

    const auto started = clock_type::now();
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::unbind_timeout);
    EXPECT_LT(clock_type::now() - started, 300ms + 1500ms);
    const auto events = log.snapshot();
    EXPECT_EQ(std::count_if(events.begin(), events.end(),
                            [](const logged& e) { return e.role == "esme" && e.reason == "unbind_timeout"; }),
              2);
}

TEST(Shutdown, SecondStopClosesAtOnce) {
    event_log log;
    mc_options quiet;
    quiet.ignore_unbind = true;
    running_mc mc(quiet);
    auto options = esme_for(mc.port(), 2);
    options.unbind_timeout = 30s;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "bound", 2));

    const auto started = clock_type::now();
    esme.stop();
    ASSERT_TRUE(log.wait_for("esme", "unbind_sent", 2));
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::unbind_timeout);
    EXPECT_LT(clock_type::now() - started, 5s);
}

TEST(Shutdown, SessionStillBindingIsClosedWithoutHanging) {
    event_log log;
    silent_listener mute;
    auto options = esme_for(mute.port(), 2);
    options.bind_timeout = 30s;
    running_esme esme(options);
    ASSERT_TRUE(log.wait_for("esme", "connected", 2));

    const auto started = clock_type::now();
    esme.stop();
    EXPECT_EQ(esme.wait(), esme_exit::ok);  // nothing was bound, so nothing was left half-bound
    EXPECT_LT(clock_type::now() - started, 2s);
}

TEST(Shutdown, BindTimeoutIsAConnectOrBindFailure) {
    event_log log;
    silent_listener mute;
    auto options = esme_for(mute.port(), 1);
    options.bind_timeout = 200ms;
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
}

TEST(Shutdown, WrongPasswordIsABindFailure) {
    event_log log;
    running_mc mc(with_credentials(1));
    auto options = esme_for(mc.port(), 1);
    options.password = "wrong";
    running_esme esme(options);
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
    EXPECT_EQ(log.count("esme", "bind_failed"), 1u);
}

TEST(Shutdown, RefusedConnectionIsAConnectFailure) {
    std::uint16_t free_port = 0;
    {
        silent_listener probe;  // take a free port, then let it go
        free_port = probe.port();
    }
    event_log log;
    running_esme esme(esme_for(free_port, 2));
    EXPECT_EQ(esme.wait(), esme_exit::connect_or_bind_failed);
}

TEST(Shutdown, ConnectionDroppedAfterBindIsReportedAsLost) {
    event_log log;
    silent_listener mc;
    running_esme esme(esme_for(mc.port(), 1));
    // Play an MC that binds the session and then vanishes without unbind.
    const int fd = mc.accept_one();
    ASSERT_GE(fd, 0);
    const auto bind = read_pdu(fd);
    ASSERT_TRUE(bind.has_value());
    write_pdu(fd, pdu{response_of(bind->id), command_status::ok, bind->sequence, bind_resp_body{"fake-mc", {}}});
    ASSERT_TRUE(log.wait_for("esme", "bound", 1));
    ::close(fd);
    EXPECT_EQ(esme.wait(), esme_exit::connection_lost);
}

}  // namespace
}  // namespace smpp::test

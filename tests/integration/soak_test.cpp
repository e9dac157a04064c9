// Many bind/traffic/unbind cycles in one process must leave nothing behind: no file descriptor
// and no memory that grows with the number of cycles. And ten thousand sessions bound at once
// must give back every descriptor and their memory once unbound (issue #12). Run by CTest under the label "soak" (the
// test is DISABLED_ so that the integration run skips it).
#include <gtest/gtest.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "poll.hpp"
#include "harness.hpp"

namespace smpp::test {
namespace {

std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}

// What the process holds, not what its allocator keeps: each ESME run is a new thread, which
// glibc may give a malloc arena of its own, and freed pages stay counted until trimmed.
std::size_t trimmed_rss_kib() {
    ::malloc_trim(0);
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
    return 0;
}

constexpr unsigned sessions = 50;
constexpr unsigned rounds = 20;  // 1,000 session cycles in all

// One ESME run: every session binds, sends its messages, unbinds; the MC sees them all close.
void one_round(const running_mc& mc, const event_log& log, unsigned round) {
    auto o = esme_for(mc.port(), sessions);
    o.messages.assign(sessions * 4, outgoing_message{.from = "1", .to = "2", .text = "soak"});
    o.on_summary = [](const traffic::summary& s) { EXPECT_EQ(s.accepted, s.messages) << s.to_text(); };
    running_esme esme(o);
    ASSERT_EQ(esme.wait(20s), esme_exit::ok) << "round " << round;
    // The MC closes its side once it has answered the unbind: wait for that before counting.
    ASSERT_TRUE(log.wait_for("mc", "closed", (round + 1) * sessions)) << "round " << round;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool address_sanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool address_sanitizer = true;
#else
constexpr bool address_sanitizer = false;
#endif
#else
constexpr bool address_sanitizer = false;
#endif

TEST(Soak, DISABLED_ThousandSessionCyclesLeakNoDescriptorsOrMemory) {
    event_log log;
    running_mc mc;
    one_round(mc, log, 0);  // warm-up: thread pools, allocator arenas, log buffers
    const auto fds_before = open_fds();
    const auto rss_before = trimmed_rss_kib();
    for (unsigned round = 1; round < rounds; ++round) one_round(mc, log, round);
    const auto fds_after = open_fds();
    const auto rss_after = trimmed_rss_kib();
    RecordProperty("rss_growth_kib", static_cast<int>(rss_after - std::min(rss_before, rss_after)));
    std::printf("soak: %u session cycles; fds %zu -> %zu; RSS %zu -> %zu KiB\n", rounds * sessions, fds_before,
                fds_after, rss_before, rss_after);
    EXPECT_EQ(fds_after, fds_before);
    // The event log keeps every line it saw (a few hundred bytes per cycle); beyond that, 8 MiB
    // is far below what one leaked session per cycle would cost. AddressSanitizer holds freed
    // memory in quarantine, so RSS says nothing there; its leak check covers that build.
    if (!address_sanitizer) {
        EXPECT_LT(rss_after, rss_before + 8 * 1024);
    }
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// Both ends live in this process: two descriptors per session. The hard limit here (20,000)
// leaves room for 9,900 sessions; elsewhere as many as the limit allows, up to 10,000.
unsigned sessions_the_fd_limit_allows() {
    rlimit l{};
    if (::getrlimit(RLIMIT_NOFILE, &l) != 0) return 0;
    l.rlim_cur = l.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &l);
    ::getrlimit(RLIMIT_NOFILE, &l);
    const auto spare = l.rlim_cur > 200 ? (l.rlim_cur - 200) / 2 : 0;
    return static_cast<unsigned>(std::min<rlim_t>(10000, spare));
}

// Polls the descriptor count until it is at most `fds`, or the deadline passes.
void wait_for_fds_at_most(std::size_t fds, std::chrono::milliseconds deadline) {
    poll_until(deadline, [&] { return open_fds() <= fds; }, 10ms);
}

// One ESME run of `n` sessions bound together for `bound_for`; returns the most descriptors
// this process held meanwhile.
std::size_t bind_all_at_once(const running_mc& mc, unsigned n, std::chrono::milliseconds bound_for) {
    auto o = esme_for(mc.port(), n);
    o.password.clear();
    o.duration = bound_for;
    o.enquire_link_interval = 0s;
    // All at once, not in turns of --max-connecting: turns interleave short-lived frames with
    // the connections in an order that depends on timing, and on a loaded machine a round then
    // ended up to 7.5 MB above the one before, then settled: not a leak, but no baseline
    // either. A storm gives the heap the same shape every round, through the same code.
    o.max_connecting = 0;
    running_esme esme(o);
    std::size_t most = 0;
    std::optional<int> rc;
    // Sampled, not a fixed sleep: the run ends by itself after `bound_for`.
    while (!(rc = esme.wait(50ms))) most = std::max(most, open_fds());
    EXPECT_EQ(rc, esme_exit::ok);
    return most;
}

TEST(Soak, DISABLED_TenThousandSessionsBoundAtOnceGiveEverythingBack) {
    const unsigned n = sessions_the_fd_limit_allows();
    ASSERT_GE(n, 1000u) << "the descriptor limit leaves room for too few sessions";
    const event_log quiet(log::level::warn);  // info lines for 10,000 sessions would be the RSS measured
    mc_options o;
    o.admission.max_sessions = n;
    running_mc mc(o);
    const auto fds_idle = open_fds();
    // Long enough for every session to be bound at once before the first unbinds: under ASan on
    // a loaded machine 9,900 connects took longer than 2 s (CI saw 19,062 descriptors of 19,813).
    const auto bound_for = address_sanitizer ? 8s : 2s;
    bind_all_at_once(mc, n, bound_for);  // warm-up: allocator arenas, the reactor's descriptor table
    // The MC closes its side right after its unbind_resp (slower under ASan): the baseline is
    // taken once the warm-up's descriptors are gone.
    wait_for_fds_at_most(fds_idle, 10s);
    const auto fds_before = open_fds();
    const auto rss_before = trimmed_rss_kib();
    const auto most = bind_all_at_once(mc, n, bound_for);
    // Both ends of every session were open at once.
    EXPECT_GE(most, fds_before + 2 * std::size_t{n});
    // The MC closes its side right after its unbind_resp: wait for its count to fall.
    wait_for_fds_at_most(fds_before, 10s);
    const auto fds_after = open_fds();
    const auto rss_after = trimmed_rss_kib();
    std::printf("soak: %u sessions bound at once; fds %zu -> %zu (%zu bound); RSS %zu -> %zu KiB\n", n, fds_before,
                fds_after, most, rss_before, rss_after);
    EXPECT_EQ(fds_after, fds_before);
    // A second round reuses what the first freed: growth would be a leak per session (4 KiB
    // each is 40 MB); 4 MiB is what allocator noise may add.
    if (!address_sanitizer) {
        EXPECT_LT(rss_after, rss_before + 4 * 1024);
    }
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

}  // namespace
}  // namespace smpp::test

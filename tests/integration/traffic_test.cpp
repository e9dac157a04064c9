// The ESME's traffic engine end to end over loopback: the real MC for volume, and MCs played by
// hand on raw sockets for the paths the real one does not take on demand (held responses,
// throttling, rejections, a dropped connection, the PDUs a long text becomes).
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <span>

#include "harness.hpp"
#include "smpp/codec/codec.hpp"

namespace smpp::test {
namespace {

using clock_type = std::chrono::steady_clock;
namespace fs = std::filesystem;

// A directory under /tmp for one test's report, removed afterwards.
class temp_dir {
public:
    temp_dir() {
        std::string pattern = (fs::temp_directory_path() / "smpp-traffic-test.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "cannot make a temp dir";
        path_ = pattern;
    }
    ~temp_dir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

// One line of the report: {"index":N,"outcome":"...",...}.
struct report_line {
    std::size_t index = 0;
    std::string outcome, message_id, status;
    std::optional<std::uint32_t> command_status;
};

std::string json_field(const std::string& line, const std::string& key) {
    const std::string needle = "\"" + key + "\":";
    const auto at = line.find(needle);
    if (at == std::string::npos) return {};
    auto rest = line.substr(at + needle.size());
    if (!rest.empty() && rest.front() == '"') return rest.substr(1, rest.find('"', 1) - 1);
    return rest.substr(0, rest.find_first_of(",}"));
}

std::vector<report_line> read_report(const std::string& path) {
    std::vector<report_line> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        report_line r;
        r.index = std::stoul(json_field(line, "index"));
        r.outcome = json_field(line, "outcome");
        r.message_id = json_field(line, "message_id");
        r.status = json_field(line, "status");
        if (const auto s = json_field(line, "command_status"); !s.empty()) r.command_status = std::stoul(s);
        lines.push_back(std::move(r));
    }
    return lines;
}

void expect_invariant(const traffic::summary& s) {
    EXPECT_EQ(s.messages, s.accepted + s.rejected + s.timed_out + s.not_sent) << s.to_text();
}

// The MC side of one accepted connection, played by the test thread. Keeps unread bytes, so
// PDUs that arrive in one segment are all seen; never raises SIGPIPE when the ESME is gone.
class mc_link {
public:
    explicit mc_link(int fd) : fd_(fd) {}
    mc_link(const mc_link&) = delete;
    mc_link& operator=(const mc_link&) = delete;
    ~mc_link() { close(); }

    bool valid() const noexcept { return fd_ >= 0; }
    const std::string& system_id() const noexcept { return system_id_; }

    void close() {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }

    // The next PDU from the ESME; nullopt at the deadline or when the connection ends.
    std::optional<pdu> receive(std::chrono::milliseconds deadline = 5s) {
        const auto until = clock_type::now() + deadline;
        for (;;) {
            const auto frame = peek_frame(buffer_);
            if (frame.status == frame_status::bad_length) return std::nullopt;
            if (frame.status == frame_status::complete) {
                pdu p;
                const bool ok = decode(std::span(buffer_).first(frame.length), p).ok();
                buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(frame.length));
                if (!ok) return std::nullopt;
                return p;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
            if (fd_ < 0 || left <= 0ms) return std::nullopt;
            pollfd ready{fd_, POLLIN, 0};
            if (::poll(&ready, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
            std::uint8_t chunk[8192];
            const auto n = ::read(fd_, chunk, sizeof chunk);
            if (n <= 0) return std::nullopt;
            buffer_.insert(buffer_.end(), chunk, chunk + n);
        }
    }

    bool send(const pdu& p) {
        byte_buffer bytes;
        if (encode(p, bytes) != command_status::ok) {
            ADD_FAILURE() << "test PDU does not encode";
            return false;
        }
        std::size_t done = 0;
        while (done < bytes.size()) {
            const auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    // Reads the bind and accepts it. False when no bind came.
    bool accept_bind() {
        const auto bind = receive();
        if (!bind || !std::holds_alternative<bind_body>(bind->body)) return false;
        system_id_ = std::get<bind_body>(bind->body).system_id;
        return send(pdu{response_of(bind->id), command_status::ok, bind->sequence, bind_resp_body{"fake-mc", {}}});
    }

    // Answers a submit_sm: ok with a fresh message_id (returned), or the error status header-only.
    std::string answer(const pdu& submit, command_status status = command_status::ok) {
        if (status != command_status::ok) {
            send(make_header_only(command_id::submit_sm_resp, submit.sequence, status));
            return {};
        }
        auto id = system_id_ + "-" + std::to_string(++issued_);
        send(pdu{command_id::submit_sm_resp, command_status::ok, submit.sequence, sm_resp_body{id}});
        return id;
    }

    // Proves the ESME has handled everything sent before: it answers enquire_link in order.
    bool round_trip() {
        send(make_header_only(command_id::enquire_link, 0x7fff0001));
        const auto answer = receive();
        return answer && answer->id == command_id::enquire_link_resp && answer->sequence == 0x7fff0001;
    }

private:
    int fd_ = -1;
    byte_buffer buffer_;
    std::string system_id_;
    std::uint64_t issued_ = 0;
};

// Accepts the ESME's `nth` connection and its bind. accept() blocks, so it is called only once
// the ESME has logged that many connects: a test whose ESME never connects fails, not hangs.
std::unique_ptr<mc_link> accept_bound(silent_listener& listener, const event_log& log, std::size_t nth = 1) {
    if (!log.wait_for("esme", "connected", nth)) {
        ADD_FAILURE() << "the ESME did not connect";
        return std::make_unique<mc_link>(-1);
    }
    auto link = std::make_unique<mc_link>(listener.accept_one());
    if (!link->valid() || !link->accept_bind()) ADD_FAILURE() << "no bind from the ESME";
    return link;
}

struct served {
    std::vector<pdu> submits;   // every submit_sm, in arrival order
    std::vector<std::string> ids;  // the message_id given to each (empty when refused)
    bool unbound = false;       // the ESME unbound, and got its unbind_resp
};

// Plays an MC until the ESME unbinds (answered) or the connection ends or goes quiet for
// `quiet`: each submit_sm gets the status `decide` picks.
served serve(mc_link& link, const std::function<command_status(const sm_body&)>& decide,
             std::chrono::milliseconds quiet = 5s) {
    served out;
    while (auto p = link.receive(quiet)) {
        if (p->id == command_id::submit_sm) {
            const auto status = decide(std::get<sm_body>(p->body));
            out.ids.push_back(link.answer(*p, status));
            out.submits.push_back(std::move(*p));
        } else if (p->id == command_id::enquire_link) {
            link.send(make_header_only(command_id::enquire_link_resp, p->sequence));
        } else if (p->id == command_id::unbind) {
            out.unbound = link.send(make_header_only(command_id::unbind_resp, p->sequence));
            return out;
        }
    }
    return out;
}

command_status accept_all(const sm_body&) { return command_status::ok; }

std::vector<outgoing_message> numbered_messages(std::size_t n) {
    std::vector<outgoing_message> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({.from = "12345", .to = "447900" + std::to_string(100000 + i), .text = "message " + std::to_string(i)});
    return out;
}

// Which message a submit_sm carries, from the text numbered_messages wrote.
std::size_t message_number(const sm_body& body) { return std::stoul(body.short_message.substr(8)); }

// ESME options for a test: on_summary keeps the summary, the report goes to `dir`.
struct traffic_run {
    temp_dir dir;
    std::string report = dir.file("report.jsonl");
    std::optional<traffic::summary> summary;  // written on the ESME thread before run() returns

    esme_options options(std::uint16_t port, unsigned sessions, std::vector<outgoing_message> messages) {
        auto o = esme_for(port, sessions);
        o.messages = std::move(messages);
        o.report_path = report;
        o.on_summary = [this](const traffic::summary& s) { summary = s; };
        return o;
    }
};

// ---- volume against the real MC --------------------------------------------------------------

TEST(Traffic, TwoThousandMessagesOverThreeSessionsAreAllAcceptedAndTheEsmeStopsByItself) {
    event_log log;
    running_mc mc;
    ASSERT_NE(mc.port(), 0);
    traffic_run run;
    auto options = run.options(mc.port(), 3, numbered_messages(2000));
    options.window = 16;
    running_esme esme(options);

    // No stop(): the ESME unbinds once every message has its answer.
    ASSERT_EQ(esme.wait(30s), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, 2000u);
    EXPECT_EQ(s.accepted, 2000u) << s.to_text();
    EXPECT_EQ(s.submitted, 2000u);
    EXPECT_EQ(s.parts_submitted, 2000u);
    EXPECT_EQ(s.rejected + s.timed_out + s.not_sent, 0u);
    expect_invariant(s);

    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 2000u);
    std::set<std::size_t> indexes;
    std::set<std::string> ids;
    for (const auto& line : report) {
        EXPECT_EQ(line.outcome, "accepted") << "message " << line.index;
        EXPECT_FALSE(line.message_id.empty()) << "message " << line.index;
        indexes.insert(line.index);
        ids.insert(line.message_id);
    }
    EXPECT_EQ(indexes.size(), 2000u);
    EXPECT_EQ(*indexes.rbegin(), 1999u);
    EXPECT_EQ(ids.size(), 2000u);  // every message_id unique

    const auto events = log.snapshot();
    for (const auto& problem : unmatched_unbinds(events)) ADD_FAILURE() << problem;
    EXPECT_EQ(complete_unbinds(events), 3u);
    EXPECT_EQ(log.count("esme", "forced_close"), 0u);

    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

TEST(Traffic, SyntheticMessagesAfterListedOnesAreEachSentOnceOverTheSessions) {
    running_mc mc;
    traffic_run run;
    // Two listed messages, then 1,001 synthetic copies made as they are sent: an uneven split
    // over three sessions.
    auto options = run.options(mc.port(), 3, numbered_messages(2));
    options.synthetic = {.from = "12345", .to = "67890", .text = "synthetic"};
    options.synthetic_count = 1001;
    running_esme esme(options);

    ASSERT_EQ(esme.wait(30s), esme_exit::ok);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, 1003u);
    EXPECT_EQ(s.accepted, 1003u) << s.to_text();
    EXPECT_EQ(s.parts_submitted, 1003u);  // none twice, none skipped
    expect_invariant(s);
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 1003u);
    std::set<std::string> ids;
    for (const auto& line : report) ids.insert(line.message_id);
    EXPECT_EQ(ids.size(), 1003u);
    mc.stop();
    EXPECT_EQ(mc.wait(), mc_exit::ok);
}

// ---- stop with messages in flight ------------------------------------------------------------

TEST(Traffic, StopWaitsForResponsesInFlightSendsNothingNewThenUnbinds) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    // Two sessions: session 1 gets the even messages, session 2 the odd ones.
    auto options = run.options(listener.port(), 2, numbered_messages(20));
    options.window = 4;
    running_esme esme(options);

    auto first = accept_bound(listener, log, 1);
    auto second = accept_bound(listener, log, 2);
    if (first->system_id() != "sid1") std::swap(first, second);
    ASSERT_EQ(first->system_id(), "sid1");
    ASSERT_EQ(second->system_id(), "sid2");

    // Session 2 gets all of its answers at once: it has nothing left to do.
    for (int answered = 0; answered < 10;) {
        const auto p = second->receive();
        ASSERT_TRUE(p.has_value());
        ASSERT_EQ(p->id, command_id::submit_sm);
        second->answer(*p);
        ++answered;
    }
    ASSERT_TRUE(second->round_trip());

    // Session 1's first window is held: four submits in flight.
    std::vector<pdu> held;
    for (int i = 0; i < 4; ++i) {
        auto p = first->receive();
        ASSERT_TRUE(p.has_value());
        ASSERT_EQ(p->id, command_id::submit_sm);
        held.push_back(std::move(*p));
    }

    esme.stop();
    ASSERT_TRUE(log.wait_for("esme", "shutdown_started", 1));
    // Released only now that the ESME is stopping: the window reopens, and must stay unused.
    std::map<std::size_t, std::string> given;
    for (const auto& p : held) given[message_number(std::get<sm_body>(p.body))] = first->answer(p);

    const auto unbind_first = first->receive();
    ASSERT_TRUE(unbind_first.has_value());
    EXPECT_EQ(unbind_first->id, command_id::unbind) << "the ESME sent " << name_of(unbind_first->id) << " after stop()";
    const auto unbind_second = second->receive();
    ASSERT_TRUE(unbind_second.has_value());
    EXPECT_EQ(unbind_second->id, command_id::unbind);

    // Session 1 closes first; session 2 must still be allowed to finish its own unbind.
    first->send(make_header_only(command_id::unbind_resp, unbind_first->sequence));
    ASSERT_TRUE(log.wait_for("esme", "closed", 1));
    EXPECT_TRUE(second->send(make_header_only(command_id::unbind_resp, unbind_second->sequence)));
    // And neither sends anything more before closing.
    EXPECT_FALSE(first->receive(2s).has_value());
    EXPECT_FALSE(second->receive(2s).has_value());

    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(log.count("esme", "unbind_resp_received"), 2u);
    EXPECT_EQ(log.count("esme", "forced_close"), 0u);

    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.messages, 20u);
    EXPECT_EQ(s.accepted, 14u) << s.to_text();
    EXPECT_EQ(s.not_sent, 6u);
    EXPECT_EQ(s.timed_out, 0u);
    EXPECT_EQ(s.rejected, 0u);
    expect_invariant(s);

    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 20u);
    for (const auto& line : report) {
        SCOPED_TRACE("message " + std::to_string(line.index));
        if (line.index % 2 == 1) {
            EXPECT_EQ(line.outcome, "accepted");
        } else if (given.count(line.index)) {
            EXPECT_EQ(line.outcome, "accepted");
            EXPECT_EQ(line.message_id, given[line.index]);
        } else {
            EXPECT_EQ(line.outcome, "not_sent");
        }
    }
}

TEST(Traffic, UnansweredInFlightTimeOutAfterTheDrainTimeoutAndTheEsmeStillUnbinds) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, numbered_messages(10));
    options.window = 4;
    options.drain_timeout = 300ms;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    for (int i = 0; i < 4; ++i) {
        const auto p = mc->receive();
        ASSERT_TRUE(p.has_value());
        ASSERT_EQ(p->id, command_id::submit_sm);
        EXPECT_EQ(message_number(std::get<sm_body>(p->body)), static_cast<std::size_t>(i));
    }

    const auto stopped = clock_type::now();
    esme.stop();
    const auto unbind = mc->receive();
    ASSERT_TRUE(unbind.has_value());
    EXPECT_EQ(unbind->id, command_id::unbind) << "the ESME sent " << name_of(unbind->id) << " after stop()";
    const auto waited = clock_type::now() - stopped;
    EXPECT_GE(waited, 300ms);  // it drained first
    EXPECT_LT(waited, 3s);
    mc->send(make_header_only(command_id::unbind_resp, unbind->sequence));

    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(log.count("esme", "drain_timeout"), 1u);
    EXPECT_EQ(log.count("esme", "unbind_resp_received"), 1u);
    EXPECT_EQ(log.count("esme", "forced_close"), 0u);

    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.timed_out, 4u) << s.to_text();
    EXPECT_EQ(s.not_sent, 6u);
    EXPECT_EQ(s.accepted, 0u);
    expect_invariant(s);
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 10u);
    for (const auto& line : report) EXPECT_EQ(line.outcome, line.index < 4 ? "timeout" : "not_sent") << line.index;
}

// ---- what the MC answers ---------------------------------------------------------------------

// Every first attempt of each message gets ESME_RTHROTTLED, every retry is taken.
void throttled_then_accepted(std::size_t window) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, numbered_messages(12));
    options.window = window;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    std::map<std::size_t, int> attempts;
    const auto result = serve(*mc, [&](const sm_body& body) {
        return ++attempts[message_number(body)] == 1 ? command_status::throttled : command_status::ok;
    });
    EXPECT_TRUE(result.unbound) << "the ESME never finished: " << result.submits.size() << " submits seen";
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    EXPECT_EQ(attempts.size(), 12u);
    for (const auto& [message, n] : attempts) EXPECT_EQ(n, 2) << "message " << message;
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.accepted, 12u) << s.to_text();
    EXPECT_EQ(s.retries, 12u);
    EXPECT_EQ(s.rejected, 0u);
    EXPECT_TRUE(s.rejected_by_status.empty());
    EXPECT_EQ(s.parts_submitted, 24u);
    expect_invariant(s);
}

TEST(Traffic, ThrottledSubmitsAreRetriedUntilAccepted) { throttled_then_accepted(3); }

// The window holds every message: the queue is empty before the first answer comes back, and
// the throttled ones must still go again.
TEST(Traffic, ThrottledSubmitsAreRetriedAfterTheQueueRanOut) { throttled_then_accepted(16); }

TEST(Traffic, RejectedSubmitsAreCountedByStatus) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto messages = numbered_messages(10);
    for (std::size_t i = 0; i < messages.size(); i += 3) messages[i].to = "999";  // 0, 3, 6, 9
    auto options = run.options(listener.port(), 1, messages);
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, [](const sm_body& body) {
        return body.destination_addr == "999" ? command_status::invalid_dest_addr : command_status::ok;
    });
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(result.submits.size(), 10u);
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.rejected, 4u) << s.to_text();
    EXPECT_EQ(s.accepted, 6u);
    const std::map<command_status, std::uint64_t> by_status{{command_status::invalid_dest_addr, 4}};
    EXPECT_EQ(s.rejected_by_status, by_status);
    expect_invariant(s);

    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 10u);
    for (const auto& line : report) {
        SCOPED_TRACE("message " + std::to_string(line.index));
        if (line.index % 3 == 0) {
            EXPECT_EQ(line.outcome, "rejected");
            EXPECT_EQ(line.command_status, 0x0Bu);
            EXPECT_EQ(line.status, "ESME_RINVDSTADR");
            EXPECT_TRUE(line.message_id.empty());
        } else {
            EXPECT_EQ(line.outcome, "accepted");
        }
    }
}

TEST(Traffic, DroppedConnectionLeavesUnansweredSubmitsTimedOutNeverAccepted) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, numbered_messages(10));
    options.window = 4;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    std::vector<pdu> submits;
    auto next_submit = [&] {
        auto p = mc->receive();
        if (!p || p->id != command_id::submit_sm) {
            ADD_FAILURE() << "expected a submit_sm";
            return false;
        }
        submits.push_back(std::move(*p));
        return true;
    };
    for (int i = 0; i < 4; ++i) ASSERT_TRUE(next_submit());
    mc->answer(submits[0]);
    mc->answer(submits[1]);
    for (int i = 0; i < 2; ++i) ASSERT_TRUE(next_submit());  // the window refilled
    mc->close();  // four submits unanswered

    EXPECT_EQ(esme.wait(), esme_exit::connection_lost);
    ASSERT_TRUE(run.summary.has_value());
    const auto& s = *run.summary;
    EXPECT_EQ(s.accepted, 2u) << s.to_text();
    EXPECT_EQ(s.timed_out, 4u);
    EXPECT_EQ(s.not_sent, 4u);
    expect_invariant(s);

    std::set<std::size_t> unanswered;
    for (std::size_t i = 2; i < submits.size(); ++i) unanswered.insert(message_number(std::get<sm_body>(submits[i].body)));
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 10u);
    for (const auto& line : report) {
        SCOPED_TRACE("message " + std::to_string(line.index));
        if (unanswered.count(line.index))
            EXPECT_EQ(line.outcome, "timeout");
        else if (line.index < 2)
            EXPECT_EQ(line.outcome, "accepted");
        else
            EXPECT_EQ(line.outcome, "not_sent");
    }
}

// ---- long text -------------------------------------------------------------------------------

// 400 characters of the GSM default alphabet whose septets equal their ASCII codes.
std::string long_gsm_text(char first) {
    std::string text;
    for (int i = 0; i < 400; ++i) text += static_cast<char>('A' + (first - 'A' + i) % 26);
    return text;
}

TEST(Traffic, LongTextInUdhModeGoesAsThreeConcatenatedParts) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    const std::string texts[] = {long_gsm_text('A'), long_gsm_text('K')};
    std::vector<outgoing_message> messages;
    for (const auto& t : texts) messages.push_back({.from = "12345", .to = "447900100000", .text = t});
    auto options = run.options(listener.port(), 1, messages);
    options.long_text = traffic::long_mode::udh;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, accept_all);
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    ASSERT_EQ(result.submits.size(), 6u);
    // Reference -> part number -> the part's text after its UDH, and the message_id it got.
    std::map<std::uint8_t, std::map<std::uint8_t, std::string>> parts;
    std::map<std::uint8_t, std::string> first_part_id;
    for (std::size_t i = 0; i < result.submits.size(); ++i) {
        const auto& body = std::get<sm_body>(result.submits[i].body);
        SCOPED_TRACE("submit_sm " + std::to_string(i));
        EXPECT_EQ(body.esm_class & 0x40, 0x40);
        EXPECT_EQ(body.data_coding, 0x00);
        ASSERT_GT(body.short_message.size(), 6u);
        const auto udh = reinterpret_cast<const std::uint8_t*>(body.short_message.data());
        EXPECT_EQ(udh[0], 0x05);  // UDH length
        EXPECT_EQ(udh[1], 0x00);  // concatenated SMS, 8-bit reference
        EXPECT_EQ(udh[2], 0x03);
        EXPECT_EQ(udh[4], 0x03);  // three parts
        EXPECT_GE(udh[5], 1);
        EXPECT_LE(udh[5], 3);
        EXPECT_TRUE(parts[udh[3]].emplace(udh[5], body.short_message.substr(6)).second) << "part sent twice";
        if (udh[5] == 1) first_part_id[udh[3]] = result.ids[i];
        EXPECT_TRUE(body.tlvs.empty());
    }
    ASSERT_EQ(parts.size(), 2u) << "each message needs its own reference, shared by its parts";
    std::set<std::string> rebuilt;
    for (const auto& [ref, by_number] : parts) {
        ASSERT_EQ(by_number.size(), 3u) << "ref " << int(ref);
        EXPECT_EQ(by_number.at(1).size(), 153u);
        EXPECT_EQ(by_number.at(2).size(), 153u);
        EXPECT_EQ(by_number.at(3).size(), 94u);
        rebuilt.insert(by_number.at(1) + by_number.at(2) + by_number.at(3));
    }
    EXPECT_EQ(rebuilt, (std::set<std::string>{texts[0], texts[1]}));

    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->accepted, 2u) << run.summary->to_text();
    EXPECT_EQ(run.summary->parts_submitted, 6u);
    expect_invariant(*run.summary);
    // A message's id is its first part's.
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 2u);
    std::set<std::string> report_ids{report[0].message_id, report[1].message_id};
    std::set<std::string> first_ids;
    for (const auto& [_, id] : first_part_id) first_ids.insert(id);
    EXPECT_EQ(report_ids, first_ids);
}

TEST(Traffic, LongTextInPayloadModeGoesAsOneSubmitWithMessagePayload) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    const auto text = long_gsm_text('A');
    auto options = run.options(listener.port(), 1, {{.from = "12345", .to = "447900100000", .text = text}});
    options.long_text = traffic::long_mode::payload;
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, accept_all);
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(esme.wait(), esme_exit::ok);

    ASSERT_EQ(result.submits.size(), 1u);
    const auto& body = std::get<sm_body>(result.submits[0].body);
    EXPECT_TRUE(body.short_message.empty());
    EXPECT_EQ(body.esm_class & 0x40, 0);
    ASSERT_EQ(body.tlvs.size(), 1u);
    EXPECT_EQ(body.tlvs[0].tag, 0x0424);
    EXPECT_EQ(body.tlvs[0].value, text);

    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->accepted, 1u);
    EXPECT_EQ(run.summary->parts_submitted, 1u);
    const auto report = read_report(run.report);
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(report[0].message_id, result.ids[0]);
}

TEST(Traffic, RejectedPartStopsTheRestOfItsMessage) {
    event_log log;
    silent_listener listener;
    traffic_run run;
    auto options = run.options(listener.port(), 1, {{.from = "12345", .to = "447900100000", .text = long_gsm_text('A')}});
    options.window = 1;  // one part at a time, so the rejection arrives before part 2 goes
    running_esme esme(options);

    auto mc = accept_bound(listener, log);
    const auto result = serve(*mc, [](const sm_body&) { return command_status::invalid_dest_addr; });
    EXPECT_TRUE(result.unbound);
    EXPECT_EQ(esme.wait(), esme_exit::ok);
    EXPECT_EQ(result.submits.size(), 1u) << "parts of a rejected message were still sent";

    ASSERT_TRUE(run.summary.has_value());
    EXPECT_EQ(run.summary->rejected, 1u);
    EXPECT_EQ(run.summary->rejected_by_status.at(command_status::invalid_dest_addr), 1u);
    EXPECT_EQ(run.summary->parts_submitted, 1u);
}

}  // namespace
}  // namespace smpp::test

#pragma once
// What the traffic tests share: a report reader, MCs played by hand on raw sockets for the paths
// the real one does not take on demand, and a run whose summary and report the tests read.
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

namespace smpp::test::traffic_support {


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

inline std::string json_field(const std::string& line, const std::string& key) {
    const std::string needle = "\"" + key + "\":";
    const auto at = line.find(needle);
    if (at == std::string::npos) return {};
    auto rest = line.substr(at + needle.size());
    if (!rest.empty() && rest.front() == '"') return rest.substr(1, rest.find('"', 1) - 1);
    return rest.substr(0, rest.find_first_of(",}"));
}

inline std::vector<report_line> read_report(const std::string& path) {
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

inline void expect_invariant(const traffic::summary& s) {
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
inline std::unique_ptr<mc_link> accept_bound(silent_listener& listener, const event_log& log, std::size_t nth = 1) {
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
inline served serve(mc_link& link, const std::function<command_status(const sm_body&)>& decide,
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

inline command_status accept_all(const sm_body&) { return command_status::ok; }

inline std::vector<outgoing_message> numbered_messages(std::size_t n) {
    std::vector<outgoing_message> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({.from = "12345", .to = "447900" + std::to_string(100000 + i), .text = "message " + std::to_string(i)});
    return out;
}

// Which message a submit_sm carries, from the text numbered_messages wrote.
inline std::size_t message_number(const sm_body& body) { return std::stoul(body.short_message.substr(8)); }

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

}  // namespace smpp::test::traffic_support

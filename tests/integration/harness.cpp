#include "harness.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <tuple>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "smpp/log/log.hpp"

namespace smpp::test {
namespace {

// Pulls "key":"value" or "key":number out of one JSON log payload; the field order is fixed
// by the log module, and values the tests use contain no quotes.
std::string field(std::string_view line, std::string_view key) {
    const std::string needle = "\"" + std::string(key) + "\":";
    const auto at = line.find(needle);
    if (at == std::string_view::npos) return {};
    auto rest = line.substr(at + needle.size());
    if (!rest.empty() && rest.front() == '"') {
        rest.remove_prefix(1);
        return std::string(rest.substr(0, rest.find('"')));
    }
    return std::string(rest.substr(0, rest.find_first_of(",}")));
}

}  // namespace

event_log::event_log(log::level threshold) {
    log::init_tap(log::format::json, threshold, [this](std::string_view line) { add(line); });
}

event_log::~event_log() { log::init(log::format::text, log::level::info); }

void event_log::add(std::string_view line) {
    logged e{field(line, "role"), field(line, "system_id"), field(line, "event"), field(line, "reason"),
             field(line, "msg"), {}, field(line, "level"), std::this_thread::get_id()};
    if (auto seq = field(line, "seq"); !seq.empty()) e.seq = static_cast<std::uint32_t>(std::stoul(seq));
    {
        std::lock_guard lock(mutex_);
        events_.push_back(std::move(e));
    }
    changed_.notify_all();
}

std::vector<logged> event_log::snapshot() const {
    std::lock_guard lock(mutex_);
    return events_;
}

std::size_t event_log::count(const std::string& role, const std::string& event) const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [&](const logged& e) {
        return e.role == role && e.event == event;
    }));
}

bool event_log::wait_for(const std::string& role, const std::string& event, std::size_t n,
                         std::chrono::milliseconds deadline) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] {
        return static_cast<std::size_t>(std::count_if(events_.begin(), events_.end(), [&](const logged& e) {
                   return e.role == role && e.event == event;
               })) >= n;
    });
}

std::vector<std::string> unmatched_unbinds(const std::vector<logged>& events) {
    using key = std::tuple<std::string, std::string, std::string, std::uint32_t>;  // role, event, id, seq
    std::set<key> seen;
    for (const auto& e : events)
        if (e.seq) seen.emplace(e.role, e.event, e.system_id, *e.seq);
    std::vector<std::string> problems;
    for (const auto& e : events) {
        if (e.event != "unbind_sent") continue;
        const std::string peer = e.role == "esme" ? "mc" : "esme";
        const std::pair<std::string, std::string> expected[] = {
            {e.role, "unbind_resp_received"}, {peer, "unbind_received"}, {peer, "unbind_resp_sent"}};
        for (const auto& [role, event] : expected)
            if (!seen.count({role, event, e.system_id, *e.seq}))
                problems.push_back(e.role + " " + e.system_id + " unbind seq=" + std::to_string(*e.seq) +
                                   ": no " + role + " " + event);
    }
    return problems;
}

std::size_t complete_unbinds(const std::vector<logged>& events) {
    const auto sent = std::count_if(events.begin(), events.end(), [](const logged& e) { return e.event == "unbind_sent"; });
    return static_cast<std::size_t>(sent) - std::min<std::size_t>(sent, unmatched_unbinds(events).size());
}

running_mc::running_mc(mc_options o) {
    o.host = "127.0.0.1";
    o.port = 0;
    o.handle_signals = false;
    o.on_listening = [this](std::uint16_t port) { listening_.set_value(port); };
    server_ = std::make_unique<mc_server>(std::move(o));
    result_ = std::async(std::launch::async, [this] { return server_->run(); });
    auto port = listening_.get_future();
    if (port.wait_for(10s) == std::future_status::ready) port_ = port.get();
}

running_mc::~running_mc() {
    if (result_.valid() && result_.wait_for(0s) != std::future_status::ready) {
        server_->stop();
        result_.wait();
    }
}

std::optional<int> running_mc::wait(std::chrono::milliseconds deadline) {
    if (result_.wait_for(deadline) != std::future_status::ready) return std::nullopt;
    return result_.get();
}

running_esme::running_esme(esme_options o) {
    o.handle_signals = false;
    client_ = std::make_unique<esme_client>(std::move(o));
    result_ = std::async(std::launch::async, [this] { return client_->run(); });
}

running_esme::~running_esme() {
    if (result_.valid() && result_.wait_for(0s) != std::future_status::ready) {
        client_->stop();
        client_->stop();  // the second stop closes at once: a failing test must not hang
        result_.wait();
    }
}

std::optional<int> running_esme::wait(std::chrono::milliseconds deadline) {
    if (result_.wait_for(deadline) != std::future_status::ready) return std::nullopt;
    return result_.get();
}

esme_options esme_for(std::uint16_t port, unsigned sessions) {
    esme_options o;
    o.host = "127.0.0.1";
    o.port = port;
    o.sessions = sessions;
    o.system_id = "sid{n}";
    o.password = "pass{n}";
    return o;
}

namespace {

int listening_socket(std::uint16_t& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 64) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return -1;
    port = ntohs(addr.sin_port);
    return fd;
}

// The first whole frame of `bytes`, removed from it; nullopt when none is complete yet or the
// input cannot be framed or decoded (then `broken` is set).
std::optional<pdu> take_frame(byte_buffer& bytes, bool& broken) {
    const auto frame = peek_frame(bytes);
    if (frame.status == frame_status::bad_length) broken = true;
    if (frame.status != frame_status::complete) return std::nullopt;
    pdu p;
    if (const auto result = decode(std::span(bytes).first(frame.length), p); !result.ok()) broken = true;
    bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(frame.length));
    if (broken) return std::nullopt;
    return p;
}

}  // namespace

silent_listener::silent_listener() { fd_ = listening_socket(port_); }
silent_listener::~silent_listener() {
    if (fd_ >= 0) ::close(fd_);
}
int silent_listener::accept_one() { return ::accept(fd_, nullptr, nullptr); }

std::optional<pdu> read_pdu(int fd) {
    byte_buffer bytes;
    std::uint8_t chunk[512];
    bool broken = false;
    for (;;) {
        if (auto p = take_frame(bytes, broken)) return p;
        if (broken) return std::nullopt;
        const auto n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) return std::nullopt;
        bytes.insert(bytes.end(), chunk, chunk + n);
    }
}

void write_pdu(int fd, const pdu& p) {
    byte_buffer bytes;
    if (encode(p, bytes) != command_status::ok) throw std::runtime_error("test PDU does not encode");
    if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()))
        throw std::runtime_error("short write");
}

raw_esme::raw_esme(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

raw_esme::~raw_esme() {
    if (fd_ >= 0) ::close(fd_);
}

void raw_esme::send(const std::vector<pdu>& pdus) {
    byte_buffer bytes;
    for (const auto& p : pdus)
        if (encode(p, bytes) != command_status::ok) throw std::runtime_error("test PDU does not encode");
    send_bytes(bytes);
}

void raw_esme::send_bytes(std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto n = ::write(fd_, bytes.data() + done, bytes.size() - done);
        if (n <= 0) throw std::runtime_error("write to the MC failed");
        done += static_cast<std::size_t>(n);
    }
}

std::optional<pdu> raw_esme::receive(std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    bool broken = false;
    for (;;) {
        if (auto p = take_frame(buffer_, broken)) return p;
        if (broken || fd_ < 0) return std::nullopt;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left <= 0ms) return std::nullopt;
        pollfd ready{fd_, POLLIN, 0};
        if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) continue;
        std::uint8_t chunk[4096];
        const auto n = ::read(fd_, chunk, sizeof chunk);
        if (n <= 0) {
            peer_closed_ = true;
            return std::nullopt;
        }
        buffer_.insert(buffer_.end(), chunk, chunk + n);
    }
}

std::optional<command_status> raw_esme::bind(command_id how, const std::string& system_id,
                                             const std::string& password) {
    const auto sequence = next_sequence();
    send(pdu{how, command_status::ok, sequence, bind_body{.system_id = system_id, .password = password}});
    const auto answer = receive();
    if (!answer || answer->id != response_of(how) || answer->sequence != sequence) return std::nullopt;
    return answer->status;
}

}  // namespace smpp::test

#pragma once
// Runs smpp-mc and smpp-esme logic in-process over loopback and watches their event log.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "esme_app.hpp"
#include "mc_app.hpp"
#include "smpp/log/log.hpp"

namespace smpp::test {

using namespace std::chrono_literals;

// One logged event, parsed from the JSON form.
struct logged {
    std::string role, system_id, event, reason, msg;
    std::optional<std::uint32_t> seq;
    std::string level;  // as --log-level names it: "info", "warn", "error"
    std::thread::id thread;  // that logged it: an MC with --threads logs each session on its own
};

// Collects every event both sides log; tests wait on it with deadlines, never on sleeps.
class event_log {
public:
    // `threshold` trace also collects the per-PDU session events (request_received, ...).
    explicit event_log(log::level threshold = log::level::info);
    ~event_log();

    std::vector<logged> snapshot() const;
    std::size_t count(const std::string& role, const std::string& event) const;
    // Waits until `role` has logged `event` at least `n` times; false at the deadline.
    bool wait_for(const std::string& role, const std::string& event, std::size_t n,
                  std::chrono::milliseconds deadline = 10s) const;

private:
    void add(std::string_view line);

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<logged> events_;
};

// Says which unbind exchanges are incomplete: for every unbind_sent by either side, the same
// side's unbind_resp_received and the other side's unbind_received and unbind_resp_sent with
// the same system_id and seq. Empty when every unbind met its unbind_resp.
std::vector<std::string> unmatched_unbinds(const std::vector<logged>& events);
std::size_t complete_unbinds(const std::vector<logged>& events);

// An MC on 127.0.0.1 with a free port, served on its own thread.
class running_mc {
public:
    explicit running_mc(mc_options o = {});
    ~running_mc();
    std::uint16_t port() const noexcept { return port_; }
    void stop() { server_->stop(); }
    // The exit code, once run() has returned; nullopt if it does not within the deadline.
    std::optional<int> wait(std::chrono::milliseconds deadline = 15s);

private:
    std::promise<std::uint16_t> listening_;
    std::unique_ptr<mc_server> server_;
    std::future<int> result_;
    std::uint16_t port_ = 0;
};

// An ESME on its own thread.
class running_esme {
public:
    explicit running_esme(esme_options o);
    ~running_esme();
    void stop() { client_->stop(); }
    std::optional<int> wait(std::chrono::milliseconds deadline = 15s);

private:
    std::unique_ptr<esme_client> client_;
    std::future<int> result_;
};

esme_options esme_for(std::uint16_t port, unsigned sessions);

// A listener that completes TCP handshakes (the kernel does) but never reads: a peer that
// accepts a connection and never answers the bind.
class silent_listener {
public:
    silent_listener();
    ~silent_listener();
    std::uint16_t port() const { return port_; }
    int accept_one();

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// One PDU from a blocking socket (bytes after it are lost: for one-shot exchanges).
std::optional<pdu> read_pdu(int fd);
void write_pdu(int fd, const pdu& p);

// A hand-driven ESME on a plain socket to 127.0.0.1, for scripting exact PDU exchanges with
// the MC. Keeps unread bytes, so PDUs that arrive together are all seen.
class raw_esme {
public:
    explicit raw_esme(std::uint16_t port);
    ~raw_esme();
    raw_esme(const raw_esme&) = delete;
    raw_esme& operator=(const raw_esme&) = delete;

    bool connected() const noexcept { return fd_ >= 0; }
    std::uint32_t next_sequence() noexcept { return ++sequence_; }
    // Writes the PDUs in one call, so they reach the peer together.
    void send(const std::vector<pdu>& pdus);
    void send(const pdu& p) { send(std::vector<pdu>{p}); }
    // Bytes as they are, for input no encoder would produce.
    void send_bytes(std::span<const std::uint8_t> bytes);
    // The next PDU from the MC; nullopt at the deadline or when the connection ends.
    std::optional<pdu> receive(std::chrono::milliseconds deadline = 5s);
    // Whether a receive() saw the connection end (EOF or reset), as opposed to its deadline.
    bool peer_closed() const noexcept { return peer_closed_; }
    // bind_* and its response's status (nullopt: no response).
    std::optional<command_status> bind(command_id how, const std::string& system_id, const std::string& password = {});
    // A submit_sm PDU with the next sequence number.
    pdu submit(sm_body body) { return pdu{command_id::submit_sm, command_status::ok, next_sequence(), std::move(body)}; }

private:
    int fd_ = -1;
    byte_buffer buffer_;
    std::uint32_t sequence_ = 0;
    bool peer_closed_ = false;
};

}  // namespace smpp::test

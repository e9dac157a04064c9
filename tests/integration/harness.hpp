#pragma once
// Runs smpp-mc and smpp-esme logic in-process over loopback and watches their event log.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "smpp/net/esme_client.hpp"
#include "smpp/net/mc_server.hpp"

namespace smpp::test {

using namespace std::chrono_literals;

// One logged event, parsed from the JSON form.
struct logged {
    std::string role, system_id, event, reason;
    std::optional<std::uint32_t> seq;
};

// Collects every event both sides log; tests wait on it with deadlines, never on sleeps.
class event_log {
public:
    event_log();
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

}  // namespace smpp::test

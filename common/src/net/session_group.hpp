#pragma once
#include <memory>
#include <unordered_map>

#include "connection.hpp"

namespace smpp::net {

// Owns every live session of a process. Graceful shutdown is an operation on the group:
// every session unbinds at once, so stopping N sessions costs one round trip, not N; a
// deadline then closes whatever did not finish.
class session_group {
public:
    explicit session_group(asio::any_io_executor ex) : emptied_(ex) {}

    // Runs the connection (connecting it first, when `connect` is given) and forgets it when it
    // ends; `done` learns how it ended.
    void add(std::shared_ptr<connection> c, std::function<awaitable<bool>(connection&)> connect,
             std::function<void(connection&, close_reason)> done);

    std::size_t size() const noexcept { return live_.size(); }

    // Polite stop: unbind every session, wait until all have closed or `deadline` passes, then
    // close the rest at once. True when every session closed by itself in time.
    awaitable<bool> shutdown(clock::duration deadline);
    // Waits until no session has traffic in flight (requests sent, responses not yet in), or
    // until `deadline`. True when everything was answered in time. The caller stops creating
    // traffic first.
    awaitable<bool> drain(clock::duration deadline);
    // Hard stop: the second Ctrl-C.
    void close_all();
    // Returns once no session is left, or at `deadline`.
    awaitable<void> until_empty(clock::time_point deadline);

private:
    void forget(const connection& c);

    std::unordered_map<const connection*, std::shared_ptr<connection>> live_;
    asio::steady_timer emptied_;
};

}  // namespace smpp::net

#pragma once
// A TCP proxy on 127.0.0.1 between an ESME and an MC that misbehaves on demand: it stalls (stops
// forwarding, as a peer that hangs), slices (forwards one byte per write), drops every
// connection (FIN) or resets it (RST). Runs on its own thread; every call is thread-safe.
#include <cstdint>
#include <memory>

namespace smpp::test {

class fault_proxy {
public:
    enum class mode { pass, slice, stall };

    explicit fault_proxy(std::uint16_t target_port);
    ~fault_proxy();
    fault_proxy(const fault_proxy&) = delete;
    fault_proxy& operator=(const fault_proxy&) = delete;

    std::uint16_t port() const noexcept;
    void set_mode(mode m);
    // Closes both sides of every connection made so far; later connections are served.
    void drop_all();
    // The same with SO_LINGER 0, so each side gets an RST instead of a FIN.
    void reset_all();
    std::size_t accepted() const noexcept;
    // Connections from now on go to `target_port` instead.
    void retarget(std::uint16_t target_port);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace smpp::test

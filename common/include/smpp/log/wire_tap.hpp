#pragma once
// Seeing the bytes themselves: an application that wants every PDU logged, or the traffic
// written to a capture file, hands the logger a factory of taps; each connection then asks it
// for one tap of its own when it starts and tells it every byte it reads and writes (after TLS,
// as the session sees them). Without a factory a connection pays one branch per read or write.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace smpp::log {

struct context;

enum class direction : std::uint8_t { in, out };

struct wire_endpoint {
    std::string address;  // numeric, as the socket reports it ("127.0.0.1", "::1")
    std::uint16_t port = 0;
};

// The connection a tap watches.
struct wire_connection {
    wire_endpoint local;
    wire_endpoint remote;
    bool we_connected = false;  // we opened it (the ESME side): our end sent the SYN
};

class wire_tap {
public:
    virtual ~wire_tap() = default;  // the connection has closed
    // `data` as read or written, in order per direction; `who` names the session at this moment.
    virtual void bytes(direction d, std::span<const std::uint8_t> data, const context& who) = 0;
};

using wire_tap_factory = std::function<std::unique_ptr<wire_tap>(const wire_connection&)>;

}  // namespace smpp::log

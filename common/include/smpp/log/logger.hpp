#pragma once
// How the library speaks: the application hands a logger to each client, server or group, or
// none (the default), and decides where the records go and how they look. The library itself
// never prints, never picks a format and never touches a global logger.
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "smpp/log/wire_tap.hpp"

namespace smpp::log {

enum class level { trace, debug, info, warn, error };

// Who is speaking: JSON fields role, session, system_id.
struct context {
    std::string_view role;
    std::uint64_t session = 0;
    std::string_view system_id;
};

// Optional fields, written only when set.
struct fields {
    std::optional<std::uint32_t> seq;
    std::string_view reason;
    std::optional<std::uint16_t> port;
    std::string_view peer;
    std::string_view status;
    std::string_view json;  // more members, already JSON ("a":1,"b":2): JSON logs only
};

// One event. Views into the caller's data: valid for the duration of the sink call only.
struct record {
    level severity;
    const context& who;
    std::string_view event;  // the stable machine name (unbind_sent, closed, ...)
    std::string_view message;  // the human text
    const fields& extra;
};

class logger {
public:
    using sink = std::function<void(const record&)>;

    // Logs nothing.
    logger() = default;
    logger(level min_level, sink s) : min_(min_level), sink_(std::move(s)) {}

    // Callers building an expensive message ask first.
    bool enabled(level l) const noexcept { return sink_ && l >= min_; }

    void event(level l, const context& who, std::string_view event, std::string_view message,
               const fields& extra = {}) const {
        if (enabled(l)) sink_(record{l, who, event, message, extra});
    }

    // The same logger, whose connections also tap their bytes (see wire_tap.hpp).
    logger with_wire(wire_tap_factory taps) const {
        logger copy = *this;
        copy.wire_ = std::move(taps);
        return copy;
    }
    const wire_tap_factory& wire() const noexcept { return wire_; }

private:
    level min_ = level::info;
    sink sink_;
    wire_tap_factory wire_;
};

}  // namespace smpp::log

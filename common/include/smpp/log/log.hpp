#pragma once
// Structured event logging. spdlog stays behind this header so that the protocol code and most
// of the Asio layer compile without it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace smpp::log {

enum class format { text, json };
enum class level { trace, debug, info, warn, error };

// Parses "text"/"json" and "trace".."error"; nullopt for anything else.
std::optional<format> parse_format(std::string_view s) noexcept;
std::optional<level> parse_level(std::string_view s) noexcept;

// Logs go to stderr, one line per event. Call once at start; safe to call again (tests).
void init(format f, level min_level);
// As init, but every formatted line goes to `tap` instead of stderr: how tests watch events.
void init_tap(format f, level min_level, std::function<void(std::string_view line)> tap);
bool enabled(level l) noexcept;

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
};

// `event` is the stable machine name (unbind_sent, closed, ...); `message` the human text.
void event(level l, const context& who, std::string_view event, std::string_view message,
           const fields& extra = {});

// The JSON string literal for `s`, quotes included; control and non-ASCII octets escaped.
std::string json_quote(std::string_view s);

}  // namespace smpp::log

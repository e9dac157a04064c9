#pragma once
// Structured event logging. spdlog stays behind this header so that the protocol code and most
// of the Asio layer compile without it.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "smpp/log/logger.hpp"

namespace smpp::log {

enum class format { text, json };

// Parses "text"/"json" and "trace".."error"; nullopt for anything else.
std::optional<format> parse_format(std::string_view s) noexcept;
std::optional<level> parse_level(std::string_view s) noexcept;

// Logs go to stderr, one line per event. Call once at start; safe to call again (tests).
void init(format f, level min_level);
// As init, but every formatted line goes to `tap` instead of stderr: how tests watch events.
void init_tap(format f, level min_level, std::function<void(std::string_view line)> tap);
bool enabled(level l) noexcept;

// `event` is the stable machine name (unbind_sent, closed, ...); `message` the human text.
// Formats the event (text or JSON, as init chose) onto the spdlog logger init installed.
void event(level l, const context& who, std::string_view event, std::string_view message,
           const fields& extra = {});

// Members an event adds after the standard ones, ready-made in both forms: `json` as
// `,"key":value...`, `text` as ` key=value...`. Only the one for the current format is used.
struct members {
    std::string_view json;
    std::string_view text;
};
void event_with(level l, const context& who, std::string_view event, std::string_view message, const fields& extra,
                const members& more);
// The format init chose.
format current() noexcept;

// A logger for the library that writes through event() above: what the binaries hand in. Its
// connections tap their bytes through `taps` once set_wire_taps() was called (--log-pdus, --pcap).
logger process_logger();
void set_wire_taps(wire_tap_factory taps);

// `noun` as a count of n needs it: "session" for 1, "sessions" otherwise (log text is English).
std::string plural(std::uint64_t n, std::string_view noun);

// The JSON string literal for `s`, quotes included: `"`, `\` and the control octets (and 0x7F)
// escaped, well-formed UTF-8 kept as it is, and each ill-formed part (a stray or impossible
// octet, a truncated or overlong sequence, a surrogate) made \ufffd: always valid UTF-8 JSON.
std::string json_quote(std::string_view s);
// The same, appended to `out`.
void append_json_quoted(std::string& out, std::string_view s);

}  // namespace smpp::log

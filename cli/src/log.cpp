#include "smpp/log/log.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace smpp::log {
namespace {

format current_format = format::text;
level current_min = level::info;
wire_tap_factory current_wire;

// Hands each event (without the time and level prefix) to a function.
class tap_sink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit tap_sink(std::function<void(std::string_view)> tap) : tap_(std::move(tap)) {}

protected:
    // The whole line as the real sink writes it (level and time included), without the newline.
    void sink_it_(const spdlog::details::log_msg& m) override {
        spdlog::memory_buf_t line;
        formatter_->format(m, line);
        std::string_view text(line.data(), line.size());
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
        tap_(text);
    }
    void flush_() override {}

private:
    std::function<void(std::string_view)> tap_;
};

// JSON "level" in the words --log-level takes: spdlog's own %l says "warning".
class level_word final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& m, const std::tm&, spdlog::memory_buf_t& out) override {
        const std::string_view word = word_of(m.level);
        out.append(word.data(), word.data() + word.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<level_word>(); }

private:
    static std::string_view word_of(spdlog::level::level_enum l) {
        switch (l) {
            case spdlog::level::trace: return "trace";
            case spdlog::level::debug: return "debug";
            case spdlog::level::info: return "info";
            case spdlog::level::warn: return "warn";
            default: return "error";
        }
    }
};

spdlog::level::level_enum to_spdlog(level l) {
    switch (l) {
        case level::trace: return spdlog::level::trace;
        case level::debug: return spdlog::level::debug;
        case level::info: return spdlog::level::info;
        case level::warn: return spdlog::level::warn;
        case level::error: break;
    }
    return spdlog::level::err;
}

// The length of the well-formed UTF-8 sequence at s[i] (Unicode 15, table 3-7: no overlong
// forms, no surrogates, nothing beyond U+10FFFF), or 0 with `bad` set to how many octets make
// its maximal ill-formed subpart: what one U+FFFD stands for, as the Unicode Standard advises.
std::size_t utf8_sequence(std::string_view s, std::size_t i, std::size_t& bad) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the second octet's range
    if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c == 0xE0) length = 3, lo = 0xA0;
    else if (c == 0xED) length = 3, hi = 0x9F;  // not D800..DFFF, the surrogates
    else if (c >= 0xE1 && c <= 0xEF) length = 3;
    else if (c == 0xF0) length = 4, lo = 0x90;
    else if (c == 0xF4) length = 4, hi = 0x8F;  // not beyond U+10FFFF
    else if (c >= 0xF1 && c <= 0xF3) length = 4;
    std::size_t j = 1;
    for (; j < length && i + j < s.size(); ++j) {
        const auto next = static_cast<unsigned char>(s[i + j]);
        if (j == 1 ? next < lo || next > hi : next < 0x80 || next > 0xBF) break;
    }
    if (length != 0 && j == length) return length;
    bad = j;  // a lone continuation or impossible lead octet (length 0) is one octet
    return 0;
}

// Peers choose system_id and texts: escaped so a hostile value cannot break the JSON line, and
// made valid UTF-8 so every JSON reader takes it.
template <class Out>
void append_json_string(Out& out, std::string_view s) {
    const auto put = [&out](std::string_view text) { out.append(text.data(), text.data() + text.size()); };
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            std::size_t bad = 0;
            const auto length = utf8_sequence(s, i, bad);
            if (length != 0) {
                put(s.substr(i, length));
                i += length;
            } else {
                put("\\ufffd");
                i += bad;
            }
            continue;
        }
        if (c == '"') put("\\\"");
        else if (c == '\\') put("\\\\");
        else if (c < 0x20 || c == 0x7F) fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else out.push_back(static_cast<char>(c));
        ++i;
    }
    out.push_back('"');
}

// Text mode prints values bare unless they would be ambiguous to a reader or to grep.
void append_text_value(fmt::memory_buffer& out, std::string_view s) {
    const bool plain = !s.empty() && s.find_first_of(" =\"") == std::string_view::npos &&
                       std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x21 && c < 0x7F; });
    if (plain)
        out.append(s);
    else
        append_json_string(out, s);
}

void format_json(fmt::memory_buffer& out, const context& who, std::string_view ev, std::string_view msg,
                 const fields& f, std::string_view more) {
    fmt::format_to(std::back_inserter(out), "\"role\":\"{}\",\"session\":{},\"system_id\":", who.role, who.session);
    append_json_string(out, who.system_id);
    fmt::format_to(std::back_inserter(out), ",\"event\":\"{}\"", ev);
    if (f.seq) fmt::format_to(std::back_inserter(out), ",\"seq\":{}", *f.seq);
    if (!f.reason.empty()) fmt::format_to(std::back_inserter(out), ",\"reason\":\"{}\"", f.reason);
    if (f.port) fmt::format_to(std::back_inserter(out), ",\"port\":{}", *f.port);
    if (!f.peer.empty()) fmt::format_to(std::back_inserter(out), ",\"peer\":\"{}\"", f.peer);
    if (!f.status.empty()) fmt::format_to(std::back_inserter(out), ",\"status\":\"{}\"", f.status);
    if (!f.json.empty()) fmt::format_to(std::back_inserter(out), ",{}", f.json);
    out.append(more);
    out.append(std::string_view(",\"msg\":"));
    append_json_string(out, msg);
    out.push_back('}');
}

void format_text(fmt::memory_buffer& out, const context& who, std::string_view ev, std::string_view msg,
                 const fields& f, std::string_view more) {
    fmt::format_to(std::back_inserter(out), "role={}", who.role);
    if (who.session != 0) fmt::format_to(std::back_inserter(out), " session={}", who.session);
    if (!who.system_id.empty()) {
        out.append(std::string_view(" system_id="));
        append_text_value(out, who.system_id);
    }
    fmt::format_to(std::back_inserter(out), " {} event={}", msg, ev);
    if (f.seq) fmt::format_to(std::back_inserter(out), " seq={}", *f.seq);
    if (!f.reason.empty()) fmt::format_to(std::back_inserter(out), " reason={}", f.reason);
    if (f.port) fmt::format_to(std::back_inserter(out), " port={}", *f.port);
    if (!f.peer.empty()) fmt::format_to(std::back_inserter(out), " peer={}", f.peer);
    if (!f.status.empty()) fmt::format_to(std::back_inserter(out), " status={}", f.status);
    out.append(more);
}

}  // namespace

std::optional<format> parse_format(std::string_view s) noexcept {
    if (s == "text") return format::text;
    if (s == "json") return format::json;
    return std::nullopt;
}

std::optional<level> parse_level(std::string_view s) noexcept {
    if (s == "trace") return level::trace;
    if (s == "debug") return level::debug;
    if (s == "info") return level::info;
    if (s == "warn" || s == "warning") return level::warn;
    if (s == "error") return level::error;
    return std::nullopt;
}

void install(format f, level min_level, spdlog::sink_ptr sink) {
    current_format = f;
    current_min = min_level;
    auto logger = std::make_shared<spdlog::logger>("smpp", std::move(sink));
    // JSON: spdlog supplies ts and level, the rest of the object is ours. Text: a short clock
    // and the level only when it is not plain info.
    const char* pattern = f == format::json ? R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v)" : "%H:%M:%S.%e %v";
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<level_word>('l').set_pattern(pattern);
    logger->set_formatter(std::move(formatter));
    logger->set_level(to_spdlog(min_level));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
}

std::string plural(std::uint64_t n, std::string_view noun) {
    std::string word(noun);
    if (n != 1) word += 's';
    return word;
}

std::string json_quote(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

void append_json_quoted(std::string& out, std::string_view s) { append_json_string(out, s); }

void init(format f, level min_level) { install(f, min_level, std::make_shared<spdlog::sinks::stderr_sink_mt>()); }

void init_tap(format f, level min_level, std::function<void(std::string_view)> tap) {
    install(f, min_level, std::make_shared<tap_sink>(std::move(tap)));
}

bool enabled(level l) noexcept { return spdlog::default_logger_raw()->should_log(to_spdlog(l)); }

void event(level l, const context& who, std::string_view ev, std::string_view msg, const fields& extra) {
    event_with(l, who, ev, msg, extra, {});
}

void event_with(level l, const context& who, std::string_view ev, std::string_view msg, const fields& extra,
                const members& more) {
    if (!enabled(l)) return;
    fmt::memory_buffer line;
    if (current_format == format::json) {
        format_json(line, who, ev, msg, extra, more.json);
    } else {
        if (l >= level::warn) fmt::format_to(std::back_inserter(line), "{} ", l == level::warn ? "WARN" : "ERROR");
        format_text(line, who, ev, msg, extra, more.text);
    }
    spdlog::default_logger_raw()->log(to_spdlog(l), std::string_view(line.data(), line.size()));
}

format current() noexcept { return current_format; }

void set_wire_taps(wire_tap_factory taps) { current_wire = std::move(taps); }

logger process_logger() {
    return logger(current_min, [](const record& r) { event(r.severity, r.who, r.event, r.message, r.extra); })
        .with_wire(current_wire);
}

}  // namespace smpp::log

#include "pdu_log.hpp"

#include <array>

#include <fmt/format.h>

#include "smpp/codec/codec.hpp"
#include "smpp/codec/describe.hpp"
#include "smpp/log/log.hpp"

namespace smpp::cli {
namespace {

// Descriptions are UTF-8 already (texts decoded, C-strings made valid): bare unless a space,
// control octet, '=' or '"' would make them ambiguous, non-ASCII characters included.
void append_text(std::string& out, std::string_view s) {
    const bool plain = !s.empty() && std::none_of(s.begin(), s.end(), [](unsigned char c) {
        return c <= 0x20 || c == 0x7F || c == '=' || c == '"';
    });
    if (plain)
        out.append(s);
    else
        log::append_json_quoted(out, s);
}

void json_object(std::string& out, std::string_view key, const std::vector<described_field>& fields) {
    fmt::format_to(std::back_inserter(out), ",\"{}\":{{", key);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i != 0) out.push_back(',');
        log::append_json_quoted(out, fields[i].name);
        out.push_back(':');
        if (fields[i].number)
            out.append(fields[i].value);
        else
            log::append_json_quoted(out, fields[i].value);
    }
    out.push_back('}');
}

void text_fields(std::string& out, const std::vector<described_field>& fields) {
    for (const auto& f : fields) {
        out.push_back(' ');
        out.append(f.name);
        out.push_back('=');
        append_text(out, f.value);
    }
}

std::string command_name(command_id id) {
    const auto raw = static_cast<std::uint32_t>(id);
    return is_known(raw) ? std::string(name_of(id)) : fmt::format("0x{:08x}", raw);
}

struct line {
    std::string json;
    std::string text;
};

// Everything after the standard members: direction and command, the body, the raw octets.
line members(log::direction d, const std::string& command, const pdu_description& desc, std::string_view problem,
             std::string_view hex) {
    line out;
    const auto dir = d == log::direction::in ? "in" : "out";
    fmt::format_to(std::back_inserter(out.json), ",\"dir\":\"{}\",\"command\":", dir);
    log::append_json_quoted(out.json, command);
    json_object(out.json, "fields", desc.fields);
    json_object(out.json, "tlvs", desc.tlvs);
    text_fields(out.text, desc.fields);
    text_fields(out.text, desc.tlvs);
    if (!problem.empty()) {
        fmt::format_to(std::back_inserter(out.json), ",\"decode_error\":\"{}\"", problem);
        fmt::format_to(std::back_inserter(out.text), " decode_error={}", problem);
    }
    if (!hex.empty()) {
        fmt::format_to(std::back_inserter(out.json), ",\"hex\":\"{}\"", hex);
        fmt::format_to(std::back_inserter(out.text), " hex={}", hex);
    }
    return out;
}

class pdu_log final : public log::wire_tap {
public:
    explicit pdu_log(bool hex) : hex_(hex) {}

    void bytes(log::direction d, std::span<const std::uint8_t> data, const log::context& who) override {
        auto& buf = pending_[d == log::direction::in ? 0 : 1];
        if (buf.unframeable) return;
        buf.octets.insert(buf.octets.end(), data.begin(), data.end());
        std::size_t used = 0;
        for (;;) {
            const std::span<const std::uint8_t> rest(buf.octets.data() + used, buf.octets.size() - used);
            const auto f = peek_frame(rest, max_frame);
            if (f.status == frame_status::need_more) break;
            if (f.status == frame_status::bad_length) {
                // The session closes on this; the rest of the stream cannot be framed.
                log_one(d, rest.first(std::min<std::size_t>(rest.size(), header_size)), who);
                buf.unframeable = true;
                break;
            }
            log_one(d, rest.first(f.length), who);
            used += f.length;
        }
        buf.octets.erase(buf.octets.begin(), buf.octets.begin() + static_cast<std::ptrdiff_t>(used));
    }

private:
    static constexpr std::size_t max_frame = 16 * 1024 * 1024;  // the largest --max-pdu-size

    void log_one(log::direction d, std::span<const std::uint8_t> frame, const log::context& who) {
        pdu p;
        command_status problem = command_status::ok;
        if (frame.size() < header_size)
            problem = command_status::invalid_cmd_length;
        else
            problem = decode(frame, p).status;
        const auto command = command_name(p.id);
        const std::string hex = hex_ ? to_hex({reinterpret_cast<const char*>(frame.data()), frame.size()}) : "";
        const auto more = members(d, command, describe(p), problem == command_status::ok ? "" : name_of(problem), hex);
        const auto message = fmt::format("{} {}", d == log::direction::in ? "in" : "out", command);
        log::event_with(log::level::info, who, "pdu", message, {.seq = p.sequence, .status = name_of(p.status)},
                        {more.json, more.text});
    }

    struct stream {
        std::vector<std::uint8_t> octets;  // a partial frame, between reads
        bool unframeable = false;
    };
    bool hex_;
    std::array<stream, 2> pending_;
};

}  // namespace

std::unique_ptr<log::wire_tap> make_pdu_log(bool hex) { return std::make_unique<pdu_log>(hex); }

}  // namespace smpp::cli

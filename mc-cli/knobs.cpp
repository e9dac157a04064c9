#include "knobs.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "smpp/mc/message_store.hpp"
#include "smpp/mc/receipt.hpp"

namespace smpp::mc_app {
namespace {

using cli::http::bad_request;
using cli::http::json;

double ratio_of(const json& v, const std::string& key) {
    if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 || v.get<double>() > 1)
        throw bad_request(key + " must be a number from 0 to 1");
    return v.get<double>();
}

std::uint64_t whole_of(const json& v, const std::string& key, std::uint64_t min, std::uint64_t max) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < static_cast<std::int64_t>(min) ||
        v.get<std::uint64_t>() > max)
        throw bad_request(fmt::format("{} must be a whole number from {} to {}", key, min, max));
    return v.get<std::uint64_t>();
}

// A number, or a string in hex (0x58) or decimal, as --reject-status takes it; not 0.
std::uint32_t status_of(const json& v, const std::string& key) {
    std::uint32_t value = 0;
    if (v.is_number_integer() && v.get<std::int64_t>() > 0 && v.get<std::uint64_t>() <= 0xFFFFFFFF) {
        value = v.get<std::uint32_t>();
    } else if (v.is_string()) {
        std::string_view text = v.get_ref<const std::string&>();
        int base = 10;
        if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2), base = 16;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) value = 0;
    }
    if (value == 0) throw bad_request(key + " must be a non-zero command_status, hex (\"0x58\") or decimal (88)");
    return value;
}

message_state fail_state_of(const json& v, const std::string& key) {
    std::string text = v.is_string() ? v.get<std::string>() : std::string();
    for (auto& ch : text) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const auto state = mc::state_of_stat(text);
    if (!state || !mc::is_final(*state) || *state == message_state::delivered)
        throw bad_request(key + " must be one of UNDELIV, EXPIRED, REJECTD, DELETED");
    return *state;
}

bool flag_of(const json& v, const std::string& key) {
    if (!v.is_boolean()) throw bad_request(key + " must be true or false");
    return v.get<bool>();
}

void apply(mc_knobs& k, const std::string& key, const json& v) {
    constexpr std::uint64_t one_hour_ms = 3'600'000;
    if (key == "reject_ratio") k.reject_ratio = ratio_of(v, key);
    else if (key == "reject_status") k.reject_status = status_of(v, key);
    else if (key == "throttle") k.throttle = static_cast<std::uint32_t>(whole_of(v, key, 0, 1'000'000));
    else if (key == "response_delay_ms") k.response_delay = std::chrono::milliseconds(whole_of(v, key, 0, one_hour_ms));
    else if (key == "receipt_delay_ms") k.receipt_delay = std::chrono::milliseconds(whole_of(v, key, 0, one_hour_ms));
    else if (key == "receipt_fail_ratio") k.receipt_fail_ratio = ratio_of(v, key);
    else if (key == "receipt_fail_state") k.receipt_fail_state = fail_state_of(v, key);
    else if (key == "receipt_fail_error") k.receipt_fail_error = static_cast<std::uint8_t>(whole_of(v, key, 1, 255));
    else if (key == "ignore_unbind") k.ignore_unbind = flag_of(v, key);
    else if (key == "echo") k.echo = flag_of(v, key);
    else if (key == "mo_rate") {
        if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 || v.get<double>() > 100'000)
            throw bad_request("mo_rate must be a number from 0 to 100000");
        k.mo_rate = v.get<double>();
    } else
        throw bad_request("unknown knob '" + key + "'; GET /knobs lists them");
}

}  // namespace

mc_knobs knobs_of(const mc_options& o) {
    return {.reject_ratio = o.reject_ratio,
            .reject_status = o.reject_status,
            .throttle = o.throttle,
            .response_delay = o.response_delay,
            .receipt_delay = o.receipt_delay,
            .receipt_fail_ratio = o.receipt_fail_ratio,
            .receipt_fail_state = o.receipt_fail_state,
            .receipt_fail_error = o.receipt_fail_error,
            .ignore_unbind = o.ignore_unbind,
            .mo_rate = o.mo_rate,
            .echo = o.echo};
}

json to_json(const mc_knobs& k) {
    return {{"reject_ratio", k.reject_ratio},
            {"reject_status", fmt::format("0x{:08X}", k.reject_status)},
            {"throttle", k.throttle},
            {"response_delay_ms", k.response_delay.count()},
            {"receipt_delay_ms", k.receipt_delay.count()},
            {"receipt_fail_ratio", k.receipt_fail_ratio},
            {"receipt_fail_state", mc::stat_of(k.receipt_fail_state)},
            {"receipt_fail_error", k.receipt_fail_error},
            {"ignore_unbind", k.ignore_unbind},
            {"mo_rate", k.mo_rate},
            {"echo", k.echo}};
}

mc_knobs patched(mc_knobs current, const json& patch) {
    if (!patch.is_object()) throw bad_request("PATCH /knobs takes a JSON object of knobs, e.g. {\"reject_ratio\": 0.5}");
    for (const auto& [key, value] : patch.items()) apply(current, key, value);
    return current;
}

}  // namespace smpp::mc_app

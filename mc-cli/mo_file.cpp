#include "mo_file.hpp"

#include <charconv>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace smpp::mc_app {
namespace {

using nlohmann::json;

struct bad_line : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string text_of(const json& line, const char* key, std::size_t max_size) {
    if (!line.contains(key)) throw bad_line(std::string(key) + " is missing");
    const auto& v = line.at(key);
    if (!v.is_string()) throw bad_line(std::string(key) + " must be a string");
    auto s = v.get<std::string>();
    if (s.size() > max_size) throw bad_line(std::string(key) + " is longer than " + std::to_string(max_size) + " octets");
    return s;
}

std::uint64_t number_of(const json& line, const char* key, std::uint64_t max) {
    const auto& v = line.at(key);
    if (!v.is_number_unsigned() || v.get<std::uint64_t>() > max)
        throw bad_line(std::string(key) + " must be a whole number from 0 to " + std::to_string(max));
    return v.get<std::uint64_t>();
}

// A tag as "0x0204" or "516".
std::uint16_t tag_of(const std::string& key) {
    std::string_view text = key;
    int base = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
        text.remove_prefix(2);
        base = 16;
    }
    std::uint16_t tag = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), tag, base);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        throw bad_line("tlvs: \"" + key + "\" is not a tag (0x0204 or 516)");
    return tag;
}

std::string octets_of(const std::string& key, const json& value) {
    const auto bad = [&] { return bad_line("tlvs: the value of " + key + " must be a string of hex digit pairs"); };
    if (!value.is_string()) throw bad();
    const auto hex = value.get<std::string>();
    if (hex.size() % 2 != 0) throw bad();
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        unsigned octet = 0;
        const auto [end, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, octet, 16);
        if (ec != std::errc{} || end != hex.data() + i + 2) throw bad();
        out.push_back(static_cast<char>(octet));
    }
    return out;
}

tlv_list tlvs_of(const json& line) {
    const auto& v = line.at("tlvs");
    if (!v.is_object()) throw bad_line("tlvs must be an object of tag: hex value");
    tlv_list out;
    for (const auto& [key, value] : v.items()) out.push_back({tag_of(key), octets_of(key, value)});
    return out;
}

}  // namespace

mc::mo_message mo_of(const json& line, traffic::long_mode mode, bool needs_system_id) {
    if (!line.is_object()) throw bad_line("expected a JSON object");
    mc::mo_message m;
    if (needs_system_id || line.contains("system_id")) m.system_id = text_of(line, "system_id", 15);
    m.from = text_of(line, "from", 20);
    m.to = text_of(line, "to", 20);
    m.text = text_of(line, "text", 65'536);
    if (line.contains("data_coding")) {
        const auto dc = number_of(line, "data_coding", 255);
        if (dc != 0 && dc != 3 && dc != 8) throw bad_line("data_coding must be 0, 3 or 8");
        m.data_coding = static_cast<std::uint8_t>(dc);
    }
    if (line.contains("esm_class")) m.esm_class = static_cast<std::uint8_t>(number_of(line, "esm_class", 255));
    if (line.contains("tlvs")) m.tlvs = tlvs_of(line);
    if (line.contains("after_ms")) m.after = std::chrono::milliseconds(number_of(line, "after_ms", 3'600'000));
    if (mc::mo_bodies(m, mode, 0).empty())
        throw bad_line("text cannot be sent: no encoding in its data_coding, or more than 255 parts");
    return m;
}

std::vector<mc::mo_message> read_mo_file(const std::string& path, traffic::long_mode mode) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read --mo-file " + path);
    std::vector<mc::mo_message> out;
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            out.push_back(mo_of(json::parse(text), mode, true));
        } catch (const std::exception& e) {
            // nlohmann's parse errors say what they found; the line number is ours.
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    if (in.bad()) throw std::runtime_error("cannot read --mo-file " + path);
    return out;
}

}  // namespace smpp::mc_app

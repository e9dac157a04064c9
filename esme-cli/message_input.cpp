#include "message_input.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "smpp/codec/smpp_time.hpp"

namespace smpp::esme {
namespace {

std::uint8_t small_number(const nlohmann::json& line, const char* key, std::uint8_t fallback) {
    if (!line.contains(key)) return fallback;
    const auto& v = line.at(key);
    if (!v.is_number_unsigned() || v.get<unsigned>() > 255) throw std::runtime_error(std::string(key) + " must be 0-255");
    return static_cast<std::uint8_t>(v.get<unsigned>());
}

std::string smpp_time_of(const nlohmann::json& line, const char* key) {
    if (!line.contains(key)) return {};
    auto value = line.at(key).get<std::string>();
    if (!parse_smpp_time(value)) throw std::runtime_error(std::string(key) + " must be an SMPP time (YYMMDDhhmmsstnnp)");
    return value;
}

outgoing_message parse(const std::string& text) {
    const auto line = nlohmann::json::parse(text);
    if (!line.is_object()) throw std::runtime_error("expected a JSON object");
    outgoing_message m;
    m.from = line.at("from").get<std::string>();
    m.to = line.at("to").get<std::string>();
    m.text = line.at("text").get<std::string>();
    m.registered_delivery = small_number(line, "registered_delivery", 0);
    m.schedule_delivery_time = smpp_time_of(line, "schedule_delivery_time");
    m.validity_period = smpp_time_of(line, "validity_period");
    if (line.contains("data_coding")) {
        const auto dc = small_number(line, "data_coding", 0);
        if (dc != 0 && dc != 3 && dc != 8) throw std::runtime_error("data_coding must be 0, 3 or 8");
        m.data_coding = dc;
    }
    return m;
}

// `name` stands for the stream in messages.
std::vector<outgoing_message> read_stream(std::istream& in, const std::string& name) {
    std::vector<outgoing_message> out;
    std::string text;
    for (int number = 1; std::getline(in, text); ++number) {
        if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            out.push_back(parse(text));
            out.back().origin = name + ":" + std::to_string(number);
        } catch (const std::exception& e) {
            throw std::runtime_error(name + ":" + std::to_string(number) + ": " + e.what());
        }
    }
    return out;
}

}  // namespace

std::vector<outgoing_message> read_messages(const std::string& path) {
    if (path == "-") return read_stream(std::cin, "standard input");
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read input file " + path);
    return read_stream(in, path);
}

}  // namespace smpp::esme

#include "credentials.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace smpp::mc {

std::map<std::string, std::string> load_credentials(const std::string& path) {
    std::error_code ec;
    // A directory opens as a stream that yields no lines; say what it is instead.
    if (std::filesystem::is_directory(path, ec)) throw std::runtime_error("credentials file " + path + " is a directory");
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read credentials file " + path + ": " + std::strerror(errno));
    std::map<std::string, std::string> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto colon = line.find(':');
        const auto where = path + ":" + std::to_string(number);
        // The spec's limits (§4.1): system_id up to 15 characters, password up to 8.
        if (colon == std::string::npos || colon == 0 || colon > 15 || line.size() - colon - 1 > 8)
            throw std::runtime_error(where + ": expected system_id:password (system_id 1-15, password 0-8 characters)");
        if (!out.emplace(line.substr(0, colon), line.substr(colon + 1)).second)
            throw std::runtime_error(where + ": system_id " + line.substr(0, colon) + " appears twice");
    }
    if (in.bad()) throw std::runtime_error("cannot read credentials file " + path + ": " + std::strerror(errno));
    if (out.empty()) throw std::runtime_error("credentials file " + path + " lists nobody");
    return out;
}

unsigned open_to_others(const std::string& path) {
    std::error_code ec;
    const auto perms = std::filesystem::status(path, ec).permissions();
    if (ec) return 0;  // it was just read; a file that vanished since has nothing to expose
    return static_cast<unsigned>(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all));
}

}  // namespace smpp::mc

#include "credentials.hpp"

#include <fstream>
#include <stdexcept>

namespace smpp::mc {

std::map<std::string, std::string> load_credentials(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read credentials file " + path);
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
    if (out.empty()) throw std::runtime_error("credentials file " + path + " lists nobody");
    return out;
}

}  // namespace smpp::mc

#pragma once
#include <map>
#include <string>

namespace smpp::mc {

// Reads `system_id:password` lines; blank lines and lines starting with '#' are skipped.
// Throws std::runtime_error naming the file and line of the first problem.
std::map<std::string, std::string> load_credentials(const std::string& path);

}  // namespace smpp::mc

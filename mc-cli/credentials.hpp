#pragma once
#include <map>
#include <string>

namespace smpp::mc {

// Reads `system_id:password` lines; blank lines and lines starting with '#' are skipped.
// Throws std::runtime_error naming the file (and line) of the first problem, and why.
std::map<std::string, std::string> load_credentials(const std::string& path);

// The file's permission bits that let group or others in (mode & 077); 0 when only its owner
// may touch it, as a file of passwords should be.
unsigned open_to_others(const std::string& path);

}  // namespace smpp::mc

// Alone in its file: a new commit re-configures the tree (cmake/version.cmake) and recompiles
// only this.
#include <string>
#include <string_view>

#include "smpp/cli/cli.hpp"

namespace smpp::cli {

std::string version_text(const char* program) {
    std::string text = std::string(program) + " " + SMPP_VERSION;
    if (const std::string commit = SMPP_GIT_COMMIT; !commit.empty()) text += " (git " + commit + ")";
    return text;
}

std::string_view version_number() { return SMPP_VERSION; }
std::string_view git_commit() { return SMPP_GIT_COMMIT; }

}  // namespace smpp::cli

#include "smpp/cli/fd_limit.hpp"

#include <sys/resource.h>

namespace smpp::cli {

fd_limit raise_fd_limit() {
    rlimit l{};
    if (::getrlimit(RLIMIT_NOFILE, &l) != 0) return {};
    if (l.rlim_cur < l.rlim_max) {
        rlimit raised = l;
        raised.rlim_cur = l.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) l = raised;
    }
    return {.soft = l.rlim_cur, .hard = l.rlim_max};
}

}  // namespace smpp::cli

#include "smpp/timing/drain.hpp"

namespace smpp::timing {

void drain::start(clock::time_point now, clock::duration limit) noexcept {
    deadline_ = now + limit;
    active_ = true;
    outcome_ = verdict::waiting;
}

drain::verdict drain::update(const drain_load& load, clock::time_point now) noexcept {
    if (!active_) return outcome_;
    // Idle wins over a deadline reached in the same instant: everything was answered in time.
    if (load.idle())
        outcome_ = verdict::drained;
    else if (now >= deadline_)
        outcome_ = verdict::timed_out;
    else
        return verdict::waiting;
    active_ = false;
    return outcome_;
}

}  // namespace smpp::timing

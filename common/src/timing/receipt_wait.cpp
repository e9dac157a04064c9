#include "smpp/timing/receipt_wait.hpp"

namespace smpp::timing {

receipt_wait::verdict receipt_wait::start(const receipt_load& load, clock::time_point now, clock::duration limit) noexcept {
    wait_.start(now, limit);
    outcome_ = verdict::waiting;
    return update(load, now);
}

receipt_wait::verdict receipt_wait::update(const receipt_load& load, clock::time_point now) noexcept {
    if (!wait_.active()) return outcome_;
    switch (wait_.update({.responses_owed = load.submits_in_flight, .requests_in_flight = load.receipts_owed}, now)) {
        case drain::verdict::waiting: return verdict::waiting;
        case drain::verdict::drained: return outcome_ = verdict::complete;
        case drain::verdict::timed_out: return outcome_ = verdict::timed_out;
    }
    return outcome_;
}

receipt_wait::verdict receipt_wait::interrupt() noexcept {
    if (!wait_.active()) return outcome_;
    // A deadline in the past ends the drain whatever is owed: the stop wins.
    wait_.update({.responses_owed = 1}, clock::time_point::max());
    return outcome_ = verdict::interrupted;
}

}  // namespace smpp::timing

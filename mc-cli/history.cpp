#include "history.hpp"

#include "smpp/mc/message_store.hpp"

namespace smpp::mc_app {

std::string_view name_of(history_event e) noexcept {
    switch (e) {
        case history_event::accepted: return "accepted";
        case history_event::replaced: return "replaced";
        case history_event::cancelled: return "cancelled";
        case history_event::finished: return "finished";
        case history_event::receipt_queued: return "receipt_queued";
        case history_event::receipt_sent: return "receipt_sent";
        case history_event::receipt_acknowledged: return "receipt_acknowledged";
        case history_event::receipt_failed: return "receipt_failed";
    }
    return "unknown";
}

std::string_view name_of(receipt_failure r) noexcept {
    switch (r) {
        case receipt_failure::none: return "none";
        case receipt_failure::refused: return "refused";
        case receipt_failure::retrying: return "retrying";
        case receipt_failure::timed_out: return "timed_out";
        case receipt_failure::session_closed: return "session_closed";
        case receipt_failure::queue_full: return "queue_full";
        case receipt_failure::unsendable: return "unsendable";
    }
    return "unknown";
}

std::uint64_t message_history::key_of(std::string_view message_id) noexcept {
    return mc::hex_key(message_id).value_or(0);
}

void message_history::record(std::string_view message_id, history_event what,
                             std::chrono::system_clock::time_point when, message_state state,
                             std::uint8_t error) noexcept {
    if (ring_.empty()) return;  // no --http: the submit path pays nothing
    history_entry e;
    e.key = key_of(message_id);
    e.when = when;
    e.what = what;
    e.state = state;
    e.error = error;
    record(e);
}

void message_history::record(const history_entry& e) noexcept {
    if (ring_.empty() || e.key == 0) return;
    ring_[next_] = e;
    if (++next_ == ring_.size()) next_ = 0, wrapped_ = true;
}

std::vector<history_entry> message_history::of(std::string_view message_id) const {
    std::vector<history_entry> found;
    const auto key = key_of(message_id);
    if (key == 0 || ring_.empty()) return found;
    const std::size_t count = wrapped_ ? ring_.size() : next_;
    const std::size_t first = wrapped_ ? next_ : 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto& e = ring_[(first + i) % ring_.size()];
        if (e.key == key) found.push_back(e);
    }
    return found;
}

void message_history::clear() noexcept {
    next_ = 0;
    wrapped_ = false;
}

}  // namespace smpp::mc_app

#pragma once
// The MC's test knobs that can change while it runs (GET and PATCH /knobs): the flags'
// values, keyed by the flag names with '_' for '-'. Plain values and their JSON form; the
// traffic applies them (mc_traffic::set_knobs) to the next PDU.
#include <chrono>
#include <cstdint>

#include "smpp/cli/http.hpp"
#include "mc_app.hpp"
#include "smpp/codec/pdu.hpp"

namespace smpp::mc_app {

struct mc_knobs {
    double reject_ratio = 0;
    std::uint32_t reject_status = 0x08;
    std::uint32_t throttle = 0;
    std::chrono::milliseconds response_delay{0};
    std::chrono::milliseconds receipt_delay{0};
    double receipt_fail_ratio = 0;
    message_state receipt_fail_state = message_state::undeliverable;
    std::uint8_t receipt_fail_error = 1;
    bool ignore_unbind = false;
    double mo_rate = 0;
    bool echo = false;
    friend bool operator==(const mc_knobs&, const mc_knobs&) = default;
};

// The knobs as the flags set them.
mc_knobs knobs_of(const mc_options& o);

// {"reject_ratio": 0.5, "reject_status": "0x00000008", ...}: every knob.
cli::http::json to_json(const mc_knobs& k);
// `current` with the members of `patch` applied, checked as the flags are: an unknown key, a
// value of the wrong type or out of range throws cli::http::bad_request naming the key, and
// then nothing is applied.
mc_knobs patched(mc_knobs current, const cli::http::json& patch);

}  // namespace smpp::mc_app

#pragma once
// One steady_timer per sans-io engine: armed for the engine's next deadline, firing only when
// neither re-armed nor cancelled meanwhile.
#include <optional>
#include <type_traits>

#include "asio.hpp"
#include "smpp/session/session.hpp"

namespace smpp::mc_app {

// Arms `timer` for `when` (nothing when there is no deadline); `fire` runs when it expires and
// was neither re-armed nor cancelled. `fire` must find its state anew: it may outlive it.
template <typename TimePoint, typename Fire>
void arm(net::asio::steady_timer& timer, std::optional<TimePoint> when, Fire fire) {
    if (!when) return;
    if constexpr (std::is_same_v<TimePoint, clock::time_point>)
        timer.expires_at(*when);
    else  // a wall-clock time on the steady clock: if the system clock steps, so does delivery
        timer.expires_after(*when - TimePoint::clock::now());
    timer.async_wait([fire = std::move(fire)](boost::system::error_code ec) {
        if (ec != net::asio::error::operation_aborted) fire();  // else re-armed or stopped
    });
}

}  // namespace smpp::mc_app

// query_sm, cancel_sm and replace_sm of a message another shard made (--threads): its store is
// that shard's, so the request is answered there and the answer comes back to go out here, in
// its turn: the responses after it wait until it is back.
#include <charconv>

#include "mc_traffic.hpp"

namespace smpp::mc_app {

// The shard in the top octet of a message id of this MC (see simulator_settings); this one for
// anything else, an id of another MC or a cancel_sm without an id.
std::size_t mc_traffic::owner_of(const pdu& request) const {
    const std::string_view id = std::visit(
        [](const auto& b) -> std::string_view {
            if constexpr (requires { b.message_id; })
                return b.message_id;
            else
                return {};
        },
        request.body);
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), number, 16);
    if (id.empty() || id.size() > 16 || ec != std::errc{} || end != id.data() + id.size()) return place_.index;
    const auto owner = static_cast<std::size_t>(number >> 56);
    return owner < place_.count ? owner : place_.index;
}

void mc_traffic::ask_owner(peer_state& p, pending_response&& r, std::size_t owner) {
    p.asking_owner = true;
    place_.post(owner, [request = std::move(r.request), arrived = r.arrived, session = p.session.id(),
                        back = place_.index](mc_traffic& o) mutable {
        auto a = o.sim_.manage(request, std::chrono::system_clock::now());
        o.after_managing(request, a);
        o.place_.post(back, [session, request = std::move(request), a = std::move(a), arrived](mc_traffic& t) mutable {
            t.owner_answered(session, request, std::move(a), arrived);
        });
    });
}

void mc_traffic::owner_answered(std::uint64_t session, const pdu& request, mc::answer a, clock::time_point arrived) {
    const auto peer = peers_.find(session);
    if (peer == peers_.end()) return;  // gone meanwhile: forget_peer counted the answer as never sent
    auto& p = *peer->second;
    p.asking_owner = false;
    answer(p.session, request, a.status, std::move(a.body));
    const auto now = clock::now();
    response_latency_.observe(std::chrono::duration<double>(now - arrived).count());
    while (!p.asking_owner && !p.behind_owner.empty()) {
        auto next = std::move(p.behind_owner.front());
        p.behind_owner.pop_front();
        send_response(p, std::move(next), now);
    }
    wake_drain();
}

}  // namespace smpp::mc_app

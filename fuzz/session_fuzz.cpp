// Drives smpp::session with a script (format in script.hpp): peer bytes, clock steps and the
// application's calls in any order, in either role. After every step the invariants hold:
// the outbox holds only whole frames that decode and round-trip, a refused call sends nothing,
// a closing session stays closing with its first reason and sends nothing more of its own (the
// application may still answer requests it was handed, until the transport is gone), and what
// feed() leaves unread is never a whole frame.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "check.hpp"
#include "script.hpp"
#include "smpp/session/session.hpp"

namespace {

using namespace smpp;
using fuzz::op;

// Reads the script; past its end every read gives zeros and empty strings.
class script {
public:
    explicit script(std::span<const std::uint8_t> in) : in_(in) {}
    bool done() const noexcept { return in_.empty(); }

    std::uint8_t u8() {
        if (in_.empty()) return 0;
        const auto v = in_.front();
        in_ = in_.subspan(1);
        return v;
    }
    std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
    std::span<const std::uint8_t> octets(std::size_t n) {
        const auto taken = in_.first(std::min(n, in_.size()));
        in_ = in_.subspan(taken.size());
        return taken;
    }
    std::string text() {
        const auto s = octets(u8());
        return {s.begin(), s.end()};
    }

private:
    std::span<const std::uint8_t> in_;
};

constexpr std::size_t windows[] = {1, 2, 10, 0};
constexpr std::size_t kept_requests = 32;

session_config config_from(std::uint8_t bits) {
    session_config cfg;
    cfg.self = bits & fuzz::config_bit::mc ? role::mc : role::esme;
    cfg.ignore_unbind = bits & fuzz::config_bit::ignore_unbind;
    if (bits & fuzz::config_bit::no_keepalive) cfg.enquire_link_interval = clock::duration::zero();
    cfg.window = windows[(bits >> fuzz::config_bit::window_shift) & 3];
    if (bits & fuzz::config_bit::small_frames) cfg.max_pdu_size = 64;
    return cfg;
}

close_reason reason_from(std::uint8_t v) {
    return static_cast<close_reason>(v % (static_cast<unsigned>(close_reason::peer_not_reading) + 1));
}

class harness {
public:
    explicit harness(std::uint8_t config_bits)
        : cfg_(config_from(config_bits)), now_(clock::time_point{} + std::chrono::hours(1)), s_(cfg_, now_) {}

    void step(script& in) {
        const bool was_closing = s_.closing();
        const std::size_t outbox_before = s_.outbox().size();
        const auto o = static_cast<op>(in.u8() % static_cast<std::uint8_t>(op::count));
        run(o, in, outbox_before);
        check(/*must_stay_silent=*/was_closing && o != op::respond, outbox_before);
    }

private:
    void run(op o, script& in, std::size_t outbox_before) {
        switch (o) {
            case op::feed: return feed(in.octets(in.u16()));
            case op::advance:
                now_ += std::chrono::milliseconds(in.u16());
                return s_.on_timer(now_);
            case op::bind: {
                const auto type = static_cast<bind_type>(in.u8() % 3);
                const auto sent = s_.bind(type, bind_body{.system_id = in.text()}, now_);
                return check_sent(sent, outbox_before);
            }
            case op::accept_bind: s_.accept_bind(in.text(), now_); return;
            case op::reject_bind:
                if (!s_.reject_bind(static_cast<command_status>(in.u8()), "fuzz-mc"))
                    SMPP_FUZZ_REQUIRE(s_.outbox().size() == outbox_before);
                return;
            case op::send: {
                const auto id = fuzz::requests[in.u8() % fuzz::requests.size()];
                return check_sent(s_.send_request(id, fuzz::body_at(in.u8()), now_), outbox_before);
            }
            case op::respond: return respond(in, outbox_before);
            case op::unbind: return s_.unbind(now_);
            case op::close: return s_.close(reason_from(in.u8()));
            case op::transport_closed:
                s_.on_transport_closed(reason_from(in.u8()));
                SMPP_FUZZ_REQUIRE(s_.state() == session_state::closed && s_.in_flight() == 0);
                return;
            case op::drain:
                check_outbox();
                s_.outbox().clear();
                checked_ = 0;
                return;
            case op::count: break;
        }
    }

    void feed(std::span<const std::uint8_t> bytes) {
        inbox_.insert(inbox_.end(), bytes.begin(), bytes.end());
        const std::size_t used = s_.feed(inbox_, now_);
        SMPP_FUZZ_REQUIRE(used <= inbox_.size());
        inbox_.erase(inbox_.begin(), inbox_.begin() + static_cast<std::ptrdiff_t>(used));
        // Whole frames are consumed; only a closing session may leave none behind unread, and
        // one awaiting a bind's verdict reads on once it is given.
        if (s_.closing()) SMPP_FUZZ_REQUIRE(inbox_.empty());
        else if (!s_.awaiting_verdict()) SMPP_FUZZ_REQUIRE(peek_frame(inbox_, cfg_.max_pdu_size).status == frame_status::need_more);
    }

    void respond(script& in, std::size_t outbox_before) {
        const auto pick = in.u8();
        const auto status = static_cast<command_status>(in.u8());
        auto body = fuzz::body_at(in.u8());
        if (received_.empty()) return;
        const auto& request = received_[pick % received_.size()];
        const auto result = s_.respond(request, status, std::move(body));
        if (result != command_status::ok) {
            SMPP_FUZZ_REQUIRE(s_.outbox().size() == outbox_before);
            return;
        }
        // Exactly one frame: the answer to that request.
        const auto added = std::span<const std::uint8_t>(s_.outbox()).subspan(outbox_before);
        pdu p;
        SMPP_FUZZ_REQUIRE(decode(added, p).ok());
        SMPP_FUZZ_REQUIRE(p.id == response_of(request.id) && p.sequence == request.sequence);
        SMPP_FUZZ_REQUIRE(peek_frame(added, std::numeric_limits<std::size_t>::max()).length == added.size());
    }

    void check_sent(const send_outcome& sent, std::size_t outbox_before) {
        if (!sent.ok()) {
            SMPP_FUZZ_REQUIRE(s_.outbox().size() == outbox_before);
            return;
        }
        SMPP_FUZZ_REQUIRE(sent.sequence >= sequence_counter::first && sent.sequence <= sequence_counter::last);
        SMPP_FUZZ_REQUIRE(s_.outbox().size() > outbox_before);
        pdu p;
        SMPP_FUZZ_REQUIRE(decode(std::span(s_.outbox()).subspan(outbox_before), p).ok());
        SMPP_FUZZ_REQUIRE(p.sequence == sent.sequence && !is_response(p.id));
    }

    // Once closing, a session stays closing with its first reason and queues nothing of its own.
    void check(bool must_stay_silent, std::size_t outbox_before) {
        if (first_reason_) SMPP_FUZZ_REQUIRE(s_.closing() && s_.reason() == first_reason_);
        if (must_stay_silent) SMPP_FUZZ_REQUIRE(s_.outbox().size() <= outbox_before);
        if (s_.closing()) {
            if (!first_reason_) first_reason_ = s_.reason();
            SMPP_FUZZ_REQUIRE(!s_.next_deadline());
        }
        if (s_.state() == session_state::closed) SMPP_FUZZ_REQUIRE(s_.closing());
        if (is_bound(s_.state())) SMPP_FUZZ_REQUIRE(s_.was_bound());
        SMPP_FUZZ_REQUIRE(!was_bound_ || s_.was_bound());
        was_bound_ = s_.was_bound();
        SMPP_FUZZ_REQUIRE(s_.traffic_in_flight() <= cfg_.window);
        check_events();
        check_outbox();
    }

    void check_events() {
        for (auto& e : s_.events()) {
            if (e.kind == event_kind::closing) {
                SMPP_FUZZ_REQUIRE(++closing_events_ == 1 && e.reason == s_.reason());
            } else if (e.kind == event_kind::bound) {
                SMPP_FUZZ_REQUIRE(++bound_events_ == 1);
            } else if (e.kind == event_kind::request_received) {
                if (received_.size() == kept_requests) received_.erase(received_.begin());
                received_.push_back(std::move(e.message));
            }
        }
        s_.events().clear();
    }

    // Everything the session queued since the last look: whole frames that decode and round-trip.
    void check_outbox() {
        const std::span<const std::uint8_t> out(s_.outbox());
        while (checked_ < out.size()) {
            const auto rest = out.subspan(checked_);
            const auto frame = peek_frame(rest, std::numeric_limits<std::size_t>::max());
            SMPP_FUZZ_REQUIRE(frame.status == frame_status::complete);
            pdu p;
            SMPP_FUZZ_REQUIRE(decode(rest.first(frame.length), p).ok());
            fuzz::require_round_trip(rest.first(frame.length), p);
            checked_ += frame.length;
        }
    }

    session_config cfg_;
    clock::time_point now_;
    session s_;
    byte_buffer inbox_;
    std::vector<pdu> received_;
    std::size_t checked_ = 0;
    std::optional<close_reason> first_reason_;
    bool was_bound_ = false;
    int closing_events_ = 0;
    int bound_events_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    script in({data, size});
    harness h(in.u8());
    while (!in.done()) h.step(in);
    return 0;
}

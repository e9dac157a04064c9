#include "traffic_driver.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "smpp/codec/delivery_receipt.hpp"
#include "smpp/log/log.hpp"

namespace smpp::esme {
namespace {

constexpr log::context process{.role = "esme"};

std::uint8_t esm_class_of(const pdu& p) {
    if (const auto* sm = std::get_if<sm_body>(&p.body)) return sm->esm_class;
    if (const auto* data = std::get_if<data_sm_body>(&p.body)) return data->esm_class;
    return 0;
}

std::optional<delivery_receipt> receipt_in(const pdu& p) {
    if (const auto* sm = std::get_if<sm_body>(&p.body)) return parse_receipt(*sm);
    if (const auto* data = std::get_if<data_sm_body>(&p.body)) return parse_receipt(*data);
    return std::nullopt;
}

std::string_view text_in(const pdu& p) {
    const tlv_list* tlvs = nullptr;
    if (const auto* sm = std::get_if<sm_body>(&p.body)) {
        if (!sm->short_message.empty()) return sm->short_message;
        tlvs = &sm->tlvs;
    } else if (const auto* data = std::get_if<data_sm_body>(&p.body)) {
        tlvs = &data->tlvs;
    }
    return tlvs ? get_octets(*tlvs, tag::message_payload).value_or(std::string_view{}) : std::string_view{};
}

traffic::pump_config pump_settings(const esme_options& o) {
    return {.sessions = std::max(1u, o.sessions), .rate = o.rate, .window = o.window};
}

}  // namespace

traffic_driver::traffic_driver(net::asio::any_io_executor ex, const esme_options& options, traffic::ledger& book,
                               std::function<void()> on_all_done, unsigned first_session)
    : book_(book),
      templates_(options, book),  // fills the ledger: the engine reads it
      engine_(pump_settings(options), book),
      metrics_(std::max(1u, options.sessions), options.window),
      on_all_done_(std::move(on_all_done)),
      base_(first_session - 1) {
    for (unsigned n = 0; n < std::max(1u, options.sessions); ++n) lanes_.push_back(std::make_unique<lane>(ex));
}

bool traffic_driver::may_send(const session& core) const {
    return !engine_.stopping() && !core.closing() && is_bound(core.state()) && !core.unbinding();
}

void traffic_driver::on_bound(const std::shared_ptr<net::connection>& c) {
    const auto n = lane_of(*c);
    lanes_[n - 1]->conn = c;
    engine_.on_bound(n);
    pump(n, true, clock::now());
}

void traffic_driver::pump(unsigned n, bool flush, clock::time_point now) {
    auto& l = *lanes_[n - 1];
    // Stopping sends nothing more, but an answer may still be the last one the drain waits for.
    if (!l.conn || !may_send(l.conn->core())) return settled();
    auto& c = *l.conn;
    bool sent = false;
    for (;;) {
        const auto a = engine_.poll(n, now);
        if (a.what != traffic::pump_action::kind::send) {
            // Waiting for an answer needs no timer: the answer calls pump().
            if (a.what == traffic::pump_action::kind::wait && a.until != clock::time_point::max()) arm(n, a.until);
            break;
        }
        if (!send(c, n, a.part, now)) break;
        sent = true;
    }
    if (sent && flush) c.flush();
    settled();
}

bool traffic_driver::send(net::connection& c, unsigned n, traffic::part_ref part, clock::time_point now) {
    auto& core = c.core();
    if (!core.window_open()) {
        engine_.deferred(n, part);
        return false;
    }
    const auto out = core.send_request(command_id::submit_sm, templates_.body_for(part), now);
    if (out.status == command_status::message_queue_full || out.status == command_status::invalid_bind_status) {
        engine_.deferred(n, part);
        return false;
    }
    if (out.ok()) {
        engine_.sent(n, part, out.sequence, now);
        metrics_.sent(n, out.sequence, now);
    } else {
        engine_.refused(n, part, out.status);
    }
    return true;
}

void traffic_driver::arm(unsigned n, clock::time_point until) {
    auto& l = *lanes_[n - 1];
    // Re-arming costs a system call: keep a timer that already waits for this moment.
    if (l.armed_for == until) return;
    l.armed_for = until;
    l.wake.expires_at(until);
    l.wake.async_wait([this, n](boost::system::error_code ec) {
        if (ec == net::asio::error::operation_aborted) return;
        lanes_[n - 1]->armed_for = clock::time_point::max();
        pump(n, true, clock::now());
    });
}

void traffic_driver::on_event(net::connection& c, const event& e) {
    if (e.kind == event_kind::request_received &&
        (e.message.id == command_id::deliver_sm || e.message.id == command_id::data_sm)) {
        on_incoming(lane_of(c), e.message);
        return;
    }
    const bool answer = e.kind == event_kind::response_received || e.kind == event_kind::response_timeout ||
                        e.kind == event_kind::request_not_sent;
    if (!answer || e.request_id != command_id::submit_sm) return;
    const auto n = lane_of(c);
    if (lanes_[n - 1]->conn.get() != &c) return;
    if (e.kind == event_kind::request_not_sent) {
        if (engine_.on_unsent(n, e.sequence)) metrics_.not_sent(n);
        return;  // the connection has ended: nothing to refill
    }
    const auto now = clock::now();
    bool ours;
    if (e.kind == event_kind::response_timeout) {
        ours = engine_.on_timeout(n, e.sequence);
        if (ours) metrics_.timed_out(n);
    } else {
        const auto* body = std::get_if<sm_resp_body>(&e.message.body);
        ours = engine_.on_response(n, e.sequence, e.status, body ? body->message_id : std::string{}, now);
        if (ours) metrics_.answered(n, e.sequence, e.status, now);
    }
    // Refill the window right here: the reader flushes after this event.
    if (!ours) return;
    pump(n, false, now);
    if (on_progress_) on_progress_();
}

void traffic_driver::on_incoming(unsigned n, const pdu& request) {
    if (!is_receipt(esm_class_of(request))) {
        book_.mo_received();
        metrics_.mo(n);
        return;
    }
    const auto r = receipt_in(request);
    if (!r || !r->state) return unparsable(request);
    metrics_.receipt(n, *r->state);
    const auto now = clock::now();
    std::optional<traffic::receipt_match> match;
    if (!on_stray_) {
        match = book_.receipt(*r, now);
    } else {
        book_.receipt_received();
        match = book_.receipt_if_ours(*r, now);
        if (!match) return on_stray_(*r, now);
    }
    if (*match == traffic::receipt_match::matched && on_progress_) on_progress_();
}

// Logged once, with its text, so an MC's odd format can be seen without flooding the log.
void traffic_driver::unparsable(const pdu& request) {
    book_.receipt_unparsable();
    if (unparsable_logged_) return;
    unparsable_logged_ = true;
    log::event(log::level::warn, process, "receipt_unparsable",
               fmt::format("A receipt names no message or no state (further ones are only counted): {}",
                           log::json_quote(text_in(request))),
               {.seq = request.sequence});
}

void traffic_driver::on_closed(net::connection& c, bool resume) {
    const auto n = lane_of(c);
    auto& l = *lanes_[n - 1];
    if (l.conn.get() == &c) l.conn.reset();
    l.wake.cancel();
    l.armed_for = clock::time_point::max();
    metrics_.closed(n);
    engine_.on_closed(n, resume);
    settled();
}

void traffic_driver::settled() {
    if (on_quiet_ && engine_.quiet()) on_quiet_();
    // Every session has either sent and settled everything it had, or is gone: the run is over.
    if (!done_reported_ && has_messages() && engine_.all_done()) {
        done_reported_ = true;
        if (on_all_done_) on_all_done_();
    }
}

void traffic_driver::stop_sending() {
    engine_.stop_sending();
    for (auto& l : lanes_) {
        l->wake.cancel();
        l->armed_for = clock::time_point::max();
    }
}

}  // namespace smpp::esme

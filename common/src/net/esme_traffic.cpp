#include "esme_traffic.hpp"

#include <algorithm>

namespace smpp::net {
namespace {

constexpr std::uint8_t esm_udhi = 0x40;
constexpr std::uint8_t esm_receipt = 0x04;
constexpr auto min_backoff = std::chrono::milliseconds(50);
constexpr auto max_backoff = std::chrono::seconds(2);

bool same_template(const outgoing_message& a, const outgoing_message& b) {
    return a.from == b.from && a.to == b.to && a.text == b.text && a.data_coding == b.data_coding &&
           a.registered_delivery == b.registered_delivery;
}

bool retry_later(command_status s) {
    return s == command_status::throttled || s == command_status::message_queue_full;
}

}  // namespace

esme_traffic::esme_traffic(const esme_options& options, traffic::ledger& book, std::function<void()> on_all_done)
    : book_(book), on_all_done_(std::move(on_all_done)), pacer_(options.rate), finished_(options.sessions, false) {
    prepare(options);
}

void esme_traffic::prepare(const esme_options& options) {
    assigned_.resize(options.sessions);
    const auto& messages = options.messages;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& m = messages[i];
        if (i == 0 || !same_template(m, messages[i - 1])) {
            const auto a = m.data_coding ? static_cast<traffic::alphabet>(*m.data_coding) : traffic::best_alphabet(m.text);
            prepared p;
            p.body.source_addr = m.from;
            p.body.destination_addr = m.to;
            p.body.registered_delivery = m.registered_delivery;
            p.body.data_coding = static_cast<std::uint8_t>(a);
            if (const auto encoded = traffic::encode_text(m.text, a))
                p.segments = traffic::split_for_sms(*encoded, a, options.long_text, 0);
            templates_.push_back(std::move(p));
        }
        const auto& t = templates_.back();
        template_of_.push_back(static_cast<std::uint32_t>(templates_.size() - 1));
        const auto parts = static_cast<std::uint16_t>(std::max<std::size_t>(1, t.segments.size()));
        const auto index = book_.add(1, parts);
        // Text with no encoding in its alphabet, or needing more than 255 parts.
        if (t.segments.empty()) {
            book_.refused(index, command_status::invalid_msg_length);
            continue;
        }
        for (std::uint16_t part = 0; part < parts; ++part)
            assigned_[i % options.sessions].push_back({static_cast<std::uint32_t>(index), part});
    }
}

pdu_body esme_traffic::body_for(work w) const {
    const auto& t = templates_[template_of_[w.message]];
    const auto& seg = t.segments[w.part];
    sm_body body = t.body;
    if (seg.payload) {
        body.tlvs.push_back({tag::message_payload, seg.octets});
    } else {
        body.short_message = seg.octets;
        // The concatenation reference tells parts of different messages apart.
        if (seg.udhi) body.short_message[3] = static_cast<char>(w.message & 0xFF);
    }
    if (seg.udhi) body.esm_class |= esm_udhi;
    return body;
}

bool esme_traffic::may_send(const session& core) const {
    return !stopping_ && !core.closing() && is_bound(core.state()) && !core.unbinding();
}

esme_traffic::lane& esme_traffic::lane_of(const connection& c) { return *lanes_.at(&c); }

void esme_traffic::on_bound(const std::shared_ptr<connection>& c) {
    auto slot = std::make_shared<lane>(c->socket().get_executor());
    slot->queue = std::move(assigned_[c->number() - 1]);
    lanes_[c.get()] = slot;
    asio::co_spawn(c->socket().get_executor(), pump(c, slot), asio::detached);
}

awaitable<void> esme_traffic::pump(std::shared_ptr<connection> c, std::shared_ptr<lane> owned) {
    lane& l = *owned;
    for (;;) {
        auto& core = c->core();
        if (!may_send(core)) co_return;
        if (l.queue.empty()) {
            if (l.in_flight.empty()) {
                settle(*c, l);
                co_return;
            }
            // A throttled answer puts its part back in the queue: stay until all are answered.
            l.wake.expires_at(clock::time_point::max());
            co_await l.wake.async_wait(use_tuple);
            continue;
        }
        auto now = clock::now();
        send_batch(*c, l, now);
        c->flush();
        // Wait for window space (a response wakes us) or for the pacer or the back-off.
        now = clock::now();
        const auto ready_at = std::max(l.paused_until, pacer_.next(now));
        if (core.window_open() && ready_at <= now) continue;
        l.wake.expires_at(core.window_open() ? ready_at : clock::time_point::max());
        co_await l.wake.async_wait(use_tuple);
    }
}

void esme_traffic::send_batch(connection& c, lane& l, clock::time_point now) {
    auto& core = c.core();
    while (!l.queue.empty() && core.window_open() && l.paused_until <= now && pacer_.next(now) <= now) {
        const work w = l.queue.front();
        if (book_.done(w.message)) {  // another part already failed it
            l.queue.pop_front();
            continue;
        }
        const auto out = core.send_request(command_id::submit_sm, body_for(w), now);
        if (out.status == command_status::message_queue_full || out.status == command_status::invalid_bind_status) return;
        l.queue.pop_front();
        if (!out.ok()) {
            book_.refused(w.message, out.status);
            continue;
        }
        pacer_.consume(now);
        book_.part_sent(w.message, w.part, now);
        l.in_flight.push_back({out.sequence, w, now});
    }
}

void esme_traffic::on_event(connection& c, const event& e) {
    if (e.kind == event_kind::request_received && e.message.id == command_id::deliver_sm) {
        if (std::get<sm_body>(e.message.body).esm_class & esm_receipt) book_.receipt_received();
        return;
    }
    const bool answer = e.kind == event_kind::response_received || e.kind == event_kind::response_timeout;
    if (!answer || e.request_id != command_id::submit_sm || !lanes_.count(&c)) return;
    auto& l = lane_of(c);
    const auto it = std::find_if(l.in_flight.begin(), l.in_flight.end(),
                                 [&](const sent& s) { return s.sequence == e.sequence; });
    if (it == l.in_flight.end()) return;
    const sent s = *it;
    *it = l.in_flight.back();
    l.in_flight.pop_back();
    const auto now = clock::now();
    if (e.kind == event_kind::response_timeout) {
        book_.part_timed_out(s.what.message);
    } else if (e.status == command_status::ok) {
        const auto* body = std::get_if<sm_resp_body>(&e.message.body);
        book_.part_accepted(s.what.message, s.what.part, body ? body->message_id : std::string{}, now - s.at, now);
        l.backoff = {};
    } else if (retry_later(e.status)) {
        // The MC asks us to slow down: send this part again after a growing pause.
        book_.part_retried(s.what.message);
        l.queue.push_front(s.what);
        l.backoff = std::clamp<clock::duration>(l.backoff * 2, min_backoff, max_backoff);
        l.paused_until = now + l.backoff;
    } else {
        book_.part_rejected(s.what.message, e.status, now - s.at, now);
    }
    // Refill the window right here: the reader flushes after this event, so the next submit
    // leaves in the same turn instead of after a round through the scheduler to the pump.
    if (may_send(c.core())) send_batch(c, l, now);
    // The pump is needed only for what a response cannot trigger: a pacer or back-off wait,
    // or finishing the lane.
    if (l.queue.empty() ? l.in_flight.empty() : c.core().window_open()) l.wake.cancel();
    settle(c, l);
}

void esme_traffic::on_closed(connection& c, bool resume) {
    if (auto it = lanes_.find(&c); it != lanes_.end()) {
        auto& l = *it->second;
        // Sent but never answered: unconfirmed, so never counted as accepted.
        for (const auto& s : l.in_flight) book_.part_timed_out(s.what.message);
        l.in_flight.clear();
        l.wake.cancel();
        if (resume) assigned_[c.number() - 1] = std::move(l.queue);
        lanes_.erase(it);
    }
    if (!resume) mark_finished(c.number());
}

void esme_traffic::settle(connection& c, lane& l) {
    if (l.queue.empty() && l.in_flight.empty()) mark_finished(c.number());
}

void esme_traffic::mark_finished(std::uint64_t session) {
    if (finished_[session - 1]) return;
    finished_[session - 1] = true;
    // Every session has either sent and settled everything it had, or is gone: nothing more
    // can happen, so the run is over.
    if (has_messages() && std::all_of(finished_.begin(), finished_.end(), [](bool f) { return f; }) && on_all_done_)
        on_all_done_();
}

void esme_traffic::stop_sending() {
    stopping_ = true;
    for (auto& [_, l] : lanes_) l->wake.cancel();
}

}  // namespace smpp::net

#include "esme_traffic.hpp"

#include <algorithm>

namespace smpp::net {
namespace {

constexpr std::uint8_t esm_udhi = 0x40;
constexpr std::uint8_t esm_receipt = 0x04;
constexpr auto min_backoff = std::chrono::milliseconds(50);
constexpr auto max_backoff = std::chrono::seconds(2);

bool retry_later(command_status s) {
    return s == command_status::throttled || s == command_status::message_queue_full;
}

}  // namespace

esme_traffic::esme_traffic(const esme_options& options, traffic::ledger& book, std::function<void()> on_all_done)
    : book_(book), on_all_done_(std::move(on_all_done)), pacer_(options.rate), finished_(options.sessions, false) {
    prepare(options);
}

void esme_traffic::prepare(const esme_options& options) {
    sessions_ = std::max(1u, options.sessions);
    parked_.resize(sessions_);
    auto add_template = [&](const outgoing_message& m) {
        const auto a = m.data_coding ? static_cast<traffic::alphabet>(*m.data_coding) : traffic::best_alphabet(m.text);
        prepared p;
        p.body.source_addr = m.from;
        p.body.destination_addr = m.to;
        p.body.registered_delivery = m.registered_delivery;
        p.body.schedule_delivery_time = m.schedule_delivery_time;
        p.body.validity_period = m.validity_period;
        p.body.data_coding = static_cast<std::uint8_t>(a);
        if (const auto encoded = traffic::encode_text(m.text, a))
            p.segments = traffic::split_for_sms(*encoded, a, options.long_text, 0);
        templates_.push_back(std::move(p));
    };
    // Text with no encoding in its alphabet, or needing more than 255 parts: refused up front.
    auto add_messages = [&](std::uint64_t count) {
        const auto& t = templates_.back();
        const auto first = book_.add(count, static_cast<std::uint16_t>(std::max<std::size_t>(1, t.segments.size())));
        if (t.segments.empty())
            for (std::uint64_t i = 0; i < count; ++i) book_.refused(first + i, command_status::invalid_msg_length);
    };
    const auto& messages = options.messages;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (i == 0 || messages[i] != messages[i - 1]) add_template(messages[i]);
        template_of_.push_back(static_cast<std::uint32_t>(templates_.size() - 1));
        add_messages(1);
    }
    if (options.synthetic_count != 0) {
        add_template(options.synthetic);
        add_messages(options.synthetic_count);
    }
    total_ = book_.size();
}

const esme_traffic::prepared& esme_traffic::template_of(std::uint32_t message) const {
    return message < template_of_.size() ? templates_[template_of_[message]] : templates_.back();
}

bool esme_traffic::start_fresh(backlog& l) {
    while (l.next_fresh < l.fresh_end) {
        const auto message = static_cast<std::uint32_t>(l.next_fresh);
        l.next_fresh += l.stride;
        if (book_.done(message)) continue;  // refused up front
        for (std::uint16_t part = 0; part < book_.parts_of(message); ++part) l.queue.push_back({message, part});
        return true;
    }
    return false;
}

pdu_body esme_traffic::body_for(work w) const {
    const auto& t = template_of(w.message);
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
    if (auto& parked = parked_[c->number() - 1]) {
        static_cast<backlog&>(*slot) = std::move(*parked);
        parked.reset();
    } else {
        // Round-robin over the sessions: session n (1-based) sends messages n-1, n-1+N, ...
        slot->next_fresh = c->number() - 1;
        slot->stride = sessions_;
        slot->fresh_end = total_;
    }
    lanes_[c.get()] = slot;
    asio::co_spawn(c->socket().get_executor(), pump(c, slot), asio::detached);
}

awaitable<void> esme_traffic::pump(std::shared_ptr<connection> c, std::shared_ptr<lane> owned) {
    lane& l = *owned;
    for (;;) {
        auto& core = c->core();
        if (!may_send(core)) co_return;
        if (!has_work(l)) {
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
    while (core.window_open() && l.paused_until <= now && pacer_.next(now) <= now &&
           (!l.queue.empty() || start_fresh(l))) {
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
    l.in_flight.erase(it);
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
    if (has_work(l) ? c.core().window_open() : l.in_flight.empty()) l.wake.cancel();
    settle(c, l);
}

void esme_traffic::on_closed(connection& c, bool resume) {
    if (auto it = lanes_.find(&c); it != lanes_.end()) {
        auto& l = *it->second;
        // Sent but never answered: unconfirmed, so never counted as accepted.
        for (const auto& s : l.in_flight) book_.part_timed_out(s.what.message);
        l.in_flight.clear();
        l.wake.cancel();
        if (resume) parked_[c.number() - 1] = std::move(static_cast<backlog&>(l));
        lanes_.erase(it);
    }
    if (!resume) mark_finished(c.number());
}

void esme_traffic::settle(connection& c, lane& l) {
    if (!has_work(l) && l.in_flight.empty()) mark_finished(c.number());
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

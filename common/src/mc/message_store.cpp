#include "smpp/mc/message_store.hpp"

#include <algorithm>

#include "smpp/mc/receipt.hpp"

namespace smpp::mc {
namespace {

std::string_view kept(std::string_view text) { return text.substr(0, stored_text_octets); }

// Queries name the sender by address; ESMEs often leave ton/npi 0 there whatever the
// submit said, so only the digits must match.
bool same_sender(const stored_message& m, std::string_view source_addr) { return m.source.address == source_addr; }

bool sent_to(const stored_message& m, std::string_view destination_addr) {
    return std::any_of(m.destinations.begin(), m.destinations.end(),
                       [&](const sme_address& d) { return d.address == destination_addr; });
}

// What submit_sm and data_sm have in common; the callers set the rest.
template <typename Body>
void write_common(stored_message& into, const Body& b, std::string_view message_id, time_point now,
                  std::string_view system_id) {
    into.message_id.assign(message_id);
    into.system_id.assign(system_id);
    into.service_type.assign(b.service_type);
    into.source.ton = b.source_addr_ton;
    into.source.npi = b.source_addr_npi;
    into.source.address.assign(b.source_addr);
    into.destinations.resize(1);
    auto& to = into.destinations.front();
    to.ton = b.dest_addr_ton;
    to.npi = b.dest_addr_npi;
    to.address.assign(b.destination_addr);
    into.submitted = now;
    into.state = message_state::enroute;
    into.final_date.reset();
    into.error_code = 0;
    into.registered_delivery = b.registered_delivery;
}

}  // namespace

void write_record(stored_message& into, const sm_body& submit, std::string_view message_id, time_point now,
                  std::string_view system_id) {
    write_common(into, submit, message_id, now, system_id);
    into.schedule_delivery_time.assign(submit.schedule_delivery_time);
    into.validity_period.assign(submit.validity_period);
    into.sm_default_msg_id = submit.sm_default_msg_id;
    into.text.assign(kept(message_of(submit)));
}

void write_record(stored_message& into, const data_sm_body& data, std::string_view message_id, time_point now,
                  std::string_view system_id) {
    write_common(into, data, message_id, now, system_id);
    into.schedule_delivery_time.clear();  // data_sm has neither
    into.validity_period.clear();
    into.sm_default_msg_id = 0;
    into.text.assign(kept(get_octets(data.tlvs, tag::message_payload).value_or(std::string_view{})));
}

stored_message record_of(const sm_body& submit, std::string message_id, time_point now) {
    stored_message m;
    write_record(m, submit, message_id, now);
    return m;
}

stored_message record_of(const submit_multi_body& submit, std::vector<sme_address> reached, std::string message_id,
                         time_point now, std::string_view system_id) {
    const bool payload = submit.short_message.empty();
    const auto text = payload ? get_octets(submit.tlvs, tag::message_payload) : std::nullopt;
    return {.message_id = std::move(message_id),
            .system_id = std::string(system_id),
            .service_type = submit.service_type,
            .source = {submit.source_addr_ton, submit.source_addr_npi, submit.source_addr},
            .destinations = destination_list(reached.begin(), reached.end()),
            .submitted = now,
            .schedule_delivery_time = submit.schedule_delivery_time,
            .validity_period = submit.validity_period,
            .registered_delivery = submit.registered_delivery,
            .sm_default_msg_id = submit.sm_default_msg_id,
            .text = std::string(kept(text ? *text : std::string_view(submit.short_message)))};
}

message_store::message_store(std::size_t capacity)
    : capacity_(std::clamp<std::size_t>(capacity, 1, none - 1)) {
    // Growing a full table or vector stalls the MC for milliseconds; reserving only address
    // space (pages are touched as records arrive), a huge store still grows as it fills.
    const auto expected = std::min<std::size_t>(capacity_, 1 << 17);
    index_.reserve(expected);
    slots_.reserve(expected);
}

std::optional<message_store::key> message_store::key_of(std::string_view message_id) noexcept {
    return hex_key(message_id);
}

void message_store::append(order& o, slot_number n) noexcept {
    auto& e = slots_[n];
    e.prev = o.last;
    e.next = none;
    (o.last == none ? o.first : slots_[o.last].next) = n;
    o.last = n;
}

void message_store::unlink(order& o, slot_number n) noexcept {
    auto& e = slots_[n];
    (e.prev == none ? o.first : slots_[e.prev].next) = e.next;
    (e.next == none ? o.last : slots_[e.next].prev) = e.prev;
    e.prev = e.next = none;
}

template <typename Visit>
void message_store::for_each_pending(Visit visit) const {
    for (auto n = pending_.first; n != none;) {
        const auto next = slots_[n].next;  // `visit` may move the record to the final order
        visit(n);
        n = next;
    }
}

std::optional<stored_message> message_store::add(stored_message m) {
    // add_with reads the id before `write` moves the record, and not after.
    const std::string_view id = m.message_id;
    return add_with(id, [&m](stored_message& slot) { slot = std::move(m); });
}

message_store::slot_number message_store::claim(key k, std::optional<stored_message>& evicted) {
    // The MC never reuses an id; a caller that does replaces the old record.
    if (const auto old = index_.find(k); old != index_.end()) {
        unlink(order_of(slots_[old->second]), old->second);
        return old->second;
    }
    if (!free_.empty()) {
        const auto n = free_.back();
        free_.pop_back();
        slots_[n].id = k;
        index_.emplace(k, n);
        return n;
    }
    if (slots_.size() < capacity_) {
        const auto n = static_cast<slot_number>(slots_.size());
        slots_.emplace_back().id = k;  // built in place: a record is some 300 bytes
        index_.emplace(k, n);
        return n;
    }
    // Full: the record that became final longest ago gives up its slot, else the oldest pending.
    const bool any_final = final_.first != none;
    auto& oldest = any_final ? final_ : pending_;
    const auto n = oldest.first;
    unlink(oldest, n);
    auto& e = slots_[n];
    auto node = index_.extract(e.id);
    node.key() = k;
    index_.insert(std::move(node));
    e.id = k;
    if (!any_final) evicted = std::move(e.message);
    return n;
}

void message_store::erase(std::string_view message_id) {
    auto* e = lookup(message_id);
    if (!e) return;
    const auto n = static_cast<slot_number>(e - slots_.data());
    unlink(order_of(*e), n);
    index_.erase(e->id);
    free_.push_back(n);
}

message_store::entry* message_store::lookup(std::string_view message_id) {
    const auto k = key_of(message_id);
    if (!k) return nullptr;
    const auto it = index_.find(*k);
    if (it == index_.end()) return nullptr;
    auto& e = slots_[it->second];
    // "0a" and "a" are one number but not one id.
    return e.message.message_id == message_id ? &e : nullptr;
}

const stored_message* message_store::find(std::string_view message_id) const {
    const auto* e = const_cast<message_store*>(this)->lookup(message_id);
    return e ? &e->message : nullptr;
}

command_status message_store::query(const query_sm_body& q, query_sm_resp_body& answer) const {
    if (q.message_id.empty()) return command_status::invalid_message_id;
    const auto* m = find(q.message_id);
    if (!m || !same_sender(*m, q.source_addr)) return command_status::query_failed;
    answer = {.message_id = m->message_id,
              .final_date = m->final_date ? absolute_time(*m->final_date) : std::string{},
              .message_state = static_cast<std::uint8_t>(m->state),
              .error_code = m->error_code};
    return command_status::ok;
}

command_status message_store::cancel(const cancel_sm_body& c, time_point now) {
    if (!c.message_id.empty()) {
        auto* e = lookup(c.message_id);
        // The destination is optional here and only checked when given (§4.9.1).
        if (!e || !e->message.pending() || !same_sender(e->message, c.source_addr) ||
            (!c.destination_addr.empty() && !sent_to(e->message, c.destination_addr)))
            return command_status::cancel_failed;
        make_final(*e, message_state::deleted, 0, now);
        return command_status::ok;
    }
    // Every pending message from this source to this destination (of this service type).
    bool any = false;
    for_each_pending([&](slot_number n) {
        auto& e = slots_[n];
        if (!same_sender(e.message, c.source_addr) || !sent_to(e.message, c.destination_addr) ||
            (!c.service_type.empty() && c.service_type != e.message.service_type))
            return;
        make_final(e, message_state::deleted, 0, now);
        any = true;
    });
    return any ? command_status::ok : command_status::cancel_failed;
}

std::size_t message_store::supersede(std::string_view service_type, std::string_view source_addr,
                                     std::string_view destination_addr, time_point now) {
    std::size_t n = 0;
    for_each_pending([&](slot_number i) {
        auto& e = slots_[i];
        if (e.message.service_type != service_type || !same_sender(e.message, source_addr) ||
            !sent_to(e.message, destination_addr))
            return;
        make_final(e, message_state::deleted, 0, now);
        ++n;
    });
    return n;
}

command_status message_store::replace(const replace_sm_body& r) {
    if (r.message_id.empty()) return command_status::invalid_message_id;
    auto* e = lookup(r.message_id);
    if (!e || !e->message.pending() || !same_sender(e->message, r.source_addr)) return command_status::replace_failed;
    auto& m = e->message;
    // Empty times keep the original ones (§4.10.1).
    if (!r.schedule_delivery_time.empty()) m.schedule_delivery_time = r.schedule_delivery_time;
    if (!r.validity_period.empty()) m.validity_period = r.validity_period;
    m.registered_delivery = r.registered_delivery;
    m.sm_default_msg_id = r.sm_default_msg_id;
    m.text.assign(kept(r.short_message));
    return command_status::ok;
}

const stored_message* message_store::finish(std::string_view message_id, message_state state,
                                            std::uint8_t error_code, time_point now) {
    return finish_with(message_id, now, [&](const stored_message&) { return std::optional(outcome{state, error_code}); });
}

void message_store::make_final(entry& e, message_state state, std::uint8_t error_code, time_point now) {
    e.message.state = state;
    e.message.error_code = error_code;
    e.message.final_date = now;
    const auto n = static_cast<slot_number>(&e - slots_.data());
    unlink(pending_, n);
    append(final_, n);
}

void message_store::visit(function_ref<void(const stored_message&)> each) const {
    for (const auto* o : {&pending_, &final_})
        for (auto n = o->first; n != none; n = slots_[n].next) each(slots_[n].message);
}

std::size_t message_store::receipts_owed() const {
    std::size_t owed = 0;
    for_each_pending([&](slot_number n) {
        const auto& m = slots_[n].message;
        if (wants_receipt(m.registered_delivery)) owed += m.destinations.size();
    });
    return owed;
}

}  // namespace smpp::mc

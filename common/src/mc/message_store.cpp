#include "smpp/mc/message_store.hpp"

#include <algorithm>
#include <charconv>

#include "smpp/mc/receipt.hpp"

namespace smpp::mc {
namespace {

std::string kept_text(std::string_view text) { return std::string(text.substr(0, stored_text_octets)); }

std::string text_of(const data_sm_body& data) {
    const auto payload = get_octets(data.tlvs, tag::message_payload);
    return payload ? kept_text(*payload) : std::string{};
}

// Queries name the sender by address; ESMEs often leave ton/npi 0 there whatever the
// submit said, so only the digits must match.
bool same_sender(const stored_message& m, std::string_view source_addr) { return m.source.address == source_addr; }

bool sent_to(const stored_message& m, std::string_view destination_addr) {
    return std::any_of(m.destinations.begin(), m.destinations.end(),
                       [&](const sme_address& d) { return d.address == destination_addr; });
}

}  // namespace

stored_message record_of(const sm_body& submit, std::string message_id, time_point now) {
    return {.message_id = std::move(message_id),
            .service_type = submit.service_type,
            .source = {submit.source_addr_ton, submit.source_addr_npi, submit.source_addr},
            .destinations = {{submit.dest_addr_ton, submit.dest_addr_npi, submit.destination_addr}},
            .submitted = now,
            .schedule_delivery_time = submit.schedule_delivery_time,
            .validity_period = submit.validity_period,
            .registered_delivery = submit.registered_delivery,
            .sm_default_msg_id = submit.sm_default_msg_id,
            .text = kept_text(message_of(submit))};
}

stored_message record_of(const data_sm_body& data, std::string message_id, time_point now) {
    return {.message_id = std::move(message_id),
            .service_type = data.service_type,
            .source = {data.source_addr_ton, data.source_addr_npi, data.source_addr},
            .destinations = {{data.dest_addr_ton, data.dest_addr_npi, data.destination_addr}},
            .submitted = now,
            .registered_delivery = data.registered_delivery,
            .text = text_of(data)};
}

stored_message record_of(const submit_multi_body& submit, std::vector<sme_address> reached, std::string message_id,
                         time_point now) {
    const bool payload = submit.short_message.empty();
    const auto text = payload ? get_octets(submit.tlvs, tag::message_payload) : std::nullopt;
    return {.message_id = std::move(message_id),
            .service_type = submit.service_type,
            .source = {submit.source_addr_ton, submit.source_addr_npi, submit.source_addr},
            .destinations = std::move(reached),
            .submitted = now,
            .schedule_delivery_time = submit.schedule_delivery_time,
            .validity_period = submit.validity_period,
            .registered_delivery = submit.registered_delivery,
            .sm_default_msg_id = submit.sm_default_msg_id,
            .text = kept_text(text ? *text : std::string_view(submit.short_message))};
}

message_store::message_store(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {
    // Rehashing a full table stalls the MC for milliseconds; a huge store grows as it fills.
    records_.reserve(std::min<std::size_t>(capacity_, 1 << 17));
}

std::optional<message_store::key> message_store::key_of(std::string_view message_id) noexcept {
    key k = 0;
    const auto* end = message_id.data() + message_id.size();
    const auto [at, ec] = std::from_chars(message_id.data(), end, k, 16);
    if (message_id.empty() || ec != std::errc{} || at != end) return std::nullopt;
    return k;
}

std::optional<stored_message> message_store::add(stored_message m) {
    const auto k = key_of(m.message_id);
    if (!k) return std::nullopt;
    // The MC never reuses an id; a caller that does replaces the old record.
    if (const auto old = records_.find(*k); old != records_.end()) {
        (old->second.message.pending() ? pending_ : final_).erase(old->second.position);
        records_.erase(old);
    }
    if (records_.size() < capacity_) {
        const auto position = pending_.insert(pending_.end(), *k);
        records_.emplace(*k, entry{std::move(m), position});
        return std::nullopt;
    }
    // Full: the evicted record's hash node and list node carry the new one, so a full store
    // allocates nothing for them (malloc was the MC's top cost at full rate).
    std::optional<stored_message> evicted;
    const bool any_final = !final_.empty();
    auto& oldest = any_final ? final_ : pending_;
    auto node = records_.extract(oldest.front());
    if (!any_final) evicted = std::move(node.mapped().message);
    auto position = node.mapped().position;
    *position = *k;
    pending_.splice(pending_.end(), oldest, position);
    node.key() = *k;
    node.mapped().message = std::move(m);
    records_.insert(std::move(node));
    return evicted;
}

message_store::entry* message_store::lookup(std::string_view message_id) {
    const auto k = key_of(message_id);
    const auto it = k ? records_.find(*k) : records_.end();
    // "0a" and "a" are one number but not one id.
    return it == records_.end() || it->second.message.message_id != message_id ? nullptr : &it->second;
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
    std::vector<entry*> matches;
    for (const auto& id : pending_) {
        auto& e = records_.find(id)->second;
        if (same_sender(e.message, c.source_addr) && sent_to(e.message, c.destination_addr) &&
            (c.service_type.empty() || c.service_type == e.message.service_type))
            matches.push_back(&e);
    }
    for (auto* e : matches) make_final(*e, message_state::deleted, 0, now);
    return matches.empty() ? command_status::cancel_failed : command_status::ok;
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
    m.text = kept_text(r.short_message);
    return command_status::ok;
}

const stored_message* message_store::finish(std::string_view message_id, message_state state,
                                            std::uint8_t error_code, time_point now) {
    return finish_with(message_id, now, [&] { return std::pair{state, error_code}; });
}

void message_store::make_final(entry& e, message_state state, std::uint8_t error_code, time_point now) {
    e.message.state = state;
    e.message.error_code = error_code;
    e.message.final_date = now;
    final_.splice(final_.end(), pending_, e.position);
}

std::size_t message_store::receipts_owed() const {
    std::size_t n = 0;
    for (const auto& id : pending_) {
        const auto& m = records_.find(id)->second.message;
        if (wants_receipt(m.registered_delivery)) n += m.destinations.size();
    }
    return n;
}

}  // namespace smpp::mc

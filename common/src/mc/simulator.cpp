#include "smpp/mc/simulator.hpp"

#include <charconv>

#include "smpp/codec/smpp_time.hpp"
#include "smpp/mc/receipt.hpp"

namespace smpp::mc {

simulator::simulator(simulator_config cfg, message_store_interface* shared_store)
    : cfg_(cfg),
      rejects_(cfg.reject_ratio),
      failures_(cfg.fail_ratio),
      next_id_(cfg.first_message_id),
      store_(shared_store) {
    if (!store_) store_ = &own_store_.emplace(cfg.store_size);
}

bool simulator::is_submission(command_id id) noexcept {
    return id == command_id::submit_sm || id == command_id::data_sm || id == command_id::submit_multi;
}

// std::to_chars, not fmt::format: the latter cost ~500 instructions per id on the W1 path.
simulator::issued_id simulator::next_id() {
    char digits[16];
    const auto key = next_id_++;
    auto end = std::to_chars(digits, digits + sizeof digits, key, 16).ptr;
    return {key, {digits, end}};
}

answer simulator::submit(const pdu& request, time_point now, std::string_view system_id) {
    if (const auto* multi = std::get_if<submit_multi_body>(&request.body)) return submit_multi(*multi, now, system_id);
    if (rejects_.next()) return {.status = cfg_.reject_status};
    auto [key, id] = next_id();
    if (const auto* data = std::get_if<data_sm_body>(&request.body)) {
        keep(store_->add_data(*data, id, now, system_id));
        return {.body = data_sm_resp_body{.message_id = id}, .accepted = id, .accepted_key = key};
    }
    if (const auto* sm = std::get_if<sm_body>(&request.body)) {
        if (sm->replace_if_present_flag == 1)
            store_->supersede(sm->service_type, sm->source_addr, sm->destination_addr, now);
        keep(store_->add_submit(*sm, id, now, system_id));
        return {.body = sm_resp_body{id}, .accepted = std::move(id), .accepted_key = key};
    }
    return {.status = command_status::system_error};  // not a submission: a caller's mistake
}

void simulator::keep(std::optional<stored_message> evicted) {
    if (evicted && wants_receipt(evicted->registered_delivery)) receipts_evicted_ += evicted->destinations.size();
}

void simulator::withdraw(std::string_view message_id) { store_->erase(message_id); }

answer simulator::submit_multi(const submit_multi_body& b, time_point now, std::string_view system_id) {
    std::vector<sme_address> reached;
    submit_multi_resp_body resp;
    for (const auto& dest : b.dest_addresses) {
        if (const auto* list = std::get_if<distribution_list>(&dest)) {
            // The simulator defines no distribution lists.
            resp.unsuccess_smes.push_back({0, 0, list->name, command_status::invalid_dl_name});
        } else {
            const auto& sme = std::get<sme_address>(dest);
            if (rejects_.next())
                resp.unsuccess_smes.push_back({sme.ton, sme.npi, sme.address, cfg_.reject_status});
            else
                reached.push_back(sme);
        }
    }
    // Nowhere to go: the PDU fails as its first destination did.
    if (reached.empty())
        return {.status = resp.unsuccess_smes.empty() ? command_status::invalid_num_dests
                                                      : resp.unsuccess_smes.front().error_status_code};
    // Only what this message will reach is superseded: a refused destination keeps its message.
    if (b.replace_if_present_flag == 1)
        for (const auto& sme : reached) store_->supersede(b.service_type, b.source_addr, sme.address, now);
    auto [key, id] = next_id();
    resp.message_id = id;
    keep(store_->add(record_of(b, std::move(reached), id, now, system_id)));
    return {.body = std::move(resp), .accepted = std::move(id), .accepted_key = key};
}

answer simulator::manage(const pdu& request, time_point now) {
    answer a;
    if (const auto* q = std::get_if<query_sm_body>(&request.body)) {
        query_sm_resp_body resp;
        a.status = store_->query(*q, resp);
        a.body = std::move(resp);
    } else if (const auto* c = std::get_if<cancel_sm_body>(&request.body)) {
        a.status = store_->cancel(*c, now);
    } else if (const auto* r = std::get_if<replace_sm_body>(&request.body)) {
        a.status = store_->replace(*r);
    } else {
        a.status = command_status::system_error;  // not one of the three: a caller's mistake
    }
    return a;
}

delivery simulator::deliver(std::string_view message_id, time_point now) {
    using outcome = message_store_interface::outcome;
    delivery result;
    bool failed = false;
    // The failure pattern advances only for a message still pending (not cancelled, not gone),
    // due (its schedule reached) and still valid: an expired one was never tried.
    const auto* m = store_->finish_decided(message_id, now, [&](const stored_message& record) -> std::optional<outcome> {
        if (const auto schedule = parse_smpp_time(record.schedule_delivery_time)) {
            if (const auto due = schedule->from(record.submitted); due > now) {
                result.held_until = due;
                return std::nullopt;
            }
        }
        if (const auto validity = parse_smpp_time(record.validity_period); validity && now > validity->from(record.submitted)) {
            failed = true;
            return outcome{message_state::expired, 0};
        }
        failed = failures_.next();
        return failed ? outcome{cfg_.fail_state, cfg_.fail_error} : outcome{message_state::delivered, 0};
    });
    // Finished now, or before (cancelled, finished through the control side): said either way.
    if (result.held_until) return result;
    if (const auto* now_or_before = m ? m : store_->find(message_id)) {
        result.state = now_or_before->state;
        result.error = now_or_before->error_code;
    }
    if (!m || !receipt_due(m->registered_delivery, !failed)) return result;
    result.receipts = receipts_of(*m, now, false);
    return result;
}

delivery simulator::finish_now(std::string_view message_id, message_state state, std::uint8_t error,
                                time_point now, bool& finished) {
    using outcome = message_store_interface::outcome;
    delivery result;
    const auto* m = store_->finish_decided(message_id, now,
                                           [&](const stored_message&) -> std::optional<outcome> { return outcome{state, error}; });
    finished = m != nullptr;
    if (m) result.state = m->state, result.error = m->error_code;
    if (m && receipt_due(m->registered_delivery, state == message_state::delivered))
        result.receipts = receipts_of(*m, now, false);
    return result;
}

void simulator::set_rejects(double ratio, command_status status) {
    cfg_.reject_ratio = ratio;
    cfg_.reject_status = status;
    rejects_ = reject_schedule(ratio);
}

void simulator::set_failures(double ratio, message_state state, std::uint8_t error) {
    cfg_.fail_ratio = ratio;
    cfg_.fail_state = state;
    cfg_.fail_error = error;
    failures_ = reject_schedule(ratio);
}

void simulator::forget_messages() {
    if (store_ == &*own_store_) store_ = &own_store_.emplace(cfg_.store_size);
}

std::vector<sm_body> simulator::notifications(std::string_view message_id, time_point now) const {
    const auto* m = store_->find(message_id);
    if (!m || !m->pending() || !wants_intermediate(m->registered_delivery)) return {};
    return receipts_of(*m, now, true);
}

std::vector<sm_body> simulator::receipts_of(const stored_message& m, time_point now, bool intermediate) const {
    const receipt_facts facts{.message_id = m.message_id,
                              .submitted = m.submitted,
                              .done = now,
                              .text = m.text,
                              .stat = std::string(stat_of(m.state)),
                              .err = m.error_code,
                              .state = m.state,
                              .format = cfg_.receipt_style,
                              .intermediate = intermediate};
    std::vector<sm_body> out;
    out.reserve(m.destinations.size());
    for (const auto& dest : m.destinations) out.push_back(receipt_body(m.source, dest, facts));
    return out;
}

}  // namespace smpp::mc

#pragma once
// What the MC remembers of the messages it accepted: enough to answer query_sm, cancel_sm and
// replace_sm, and to make each message's receipt. Plain bookkeeping without I/O or a clock of
// its own (callers pass `now`), bounded so that a long run does not grow without limit.
#include <chrono>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "smpp/codec/pdu.hpp"

namespace smpp::mc {

using time_point = std::chrono::system_clock::time_point;

// The longest text kept per message: a short_message's maximum. A message_payload may be
// 64 KiB, and the store's size times that would be gigabytes; receipts quote 20 octets.
constexpr std::size_t stored_text_octets = 254;

// DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, REJECTED: nothing will happen to it any more.
constexpr bool is_final(message_state s) noexcept {
    return s != message_state::enroute && s != message_state::accepted && s != message_state::unknown;
}

struct stored_message {
    std::string message_id;
    std::string service_type;
    sme_address source;
    std::vector<sme_address> destinations;  // one, or the ones a submit_multi reached
    time_point submitted;
    message_state state = message_state::enroute;
    std::optional<time_point> final_date;  // once the state is final
    std::uint8_t error_code = 0;           // network error of a failed delivery
    std::string schedule_delivery_time;
    std::string validity_period;
    std::uint8_t registered_delivery = 0;
    std::uint8_t sm_default_msg_id = 0;
    std::string text;  // short_message, or message_payload when that is empty; truncated

    bool pending() const noexcept { return !is_final(state); }
};

// Records of accepted messages, as the store keeps them.
stored_message record_of(const sm_body& submit, std::string message_id, time_point now);
stored_message record_of(const data_sm_body& data, std::string message_id, time_point now);
stored_message record_of(const submit_multi_body& submit, std::vector<sme_address> reached,
                         std::string message_id, time_point now);

// The message's records by message_id. When full, a new record evicts the one that became final
// longest ago; only when none is final does the oldest pending one go. Message ids are hex
// numbers of up to 16 digits, as the simulator hands them out: kept as numbers, every lookup
// costs one hash of an integer rather than of a string, which matters at 100,000 messages a
// second. A record with another kind of id is not kept.
class message_store {
public:
    explicit message_store(std::size_t capacity = 100'000);

    // Keeps `m`; returns the pending record evicted to make room, if one was.
    std::optional<stored_message> add(stored_message m);
    const stored_message* find(std::string_view message_id) const;

    // query_sm (§4.8): the answer, or ESME_RINVMSGID / ESME_RQUERYFAIL.
    command_status query(const query_sm_body& q, query_sm_resp_body& answer) const;
    // cancel_sm (§4.9): by message_id, or every pending message from source_addr to
    // destination_addr (and service_type, when given). ESME_RCANCELFAIL when nothing matched.
    command_status cancel(const cancel_sm_body& c, time_point now);
    // replace_sm (§4.10): a pending message's text, registered_delivery and default message id;
    // schedule and validity only when given. ESME_RINVMSGID / ESME_RREPLACEFAIL.
    command_status replace(const replace_sm_body& r);
    // The delivery's outcome. The record, or null when it is gone or already final (cancelled).
    const stored_message* finish(std::string_view message_id, message_state state, std::uint8_t error_code,
                                 time_point now);
    // The same with the outcome decided by `decide()` -> pair(state, error_code), called only
    // for a pending record: one lookup per delivery on the MC's hot path.
    template <typename Decide>
    const stored_message* finish_with(std::string_view message_id, time_point now, Decide decide) {
        auto* e = lookup(message_id);
        if (!e || !e->message.pending()) return nullptr;
        const auto [state, error_code] = decide();
        make_final(*e, state, error_code, now);
        return &e->message;
    }

    // Receipts the pending messages will ask for once delivered (registered_delivery 1): one
    // per destination.
    std::size_t receipts_owed() const;
    std::size_t size() const noexcept { return records_.size(); }
    std::size_t capacity() const noexcept { return capacity_; }

private:
    using key = std::uint64_t;
    using order = std::list<key>;
    struct entry {
        stored_message message;
        order::iterator position;  // in pending_ or final_
    };

    static std::optional<key> key_of(std::string_view message_id) noexcept;
    entry* lookup(std::string_view message_id);
    void make_final(entry& e, message_state state, std::uint8_t error_code, time_point now);

    std::size_t capacity_;
    std::unordered_map<key, entry> records_;
    order pending_;  // accepted order
    order final_;    // the order they became final: the first to go
};

}  // namespace smpp::mc

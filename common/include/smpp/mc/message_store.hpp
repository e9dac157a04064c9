#pragma once
// What the MC remembers of the messages it accepted: enough to answer query_sm, cancel_sm and
// replace_sm, and to make each message's receipt. Plain bookkeeping without I/O or a clock of
// its own (callers pass `now`), bounded so that a long run does not grow without limit.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "smpp/codec/pdu.hpp"
#include "smpp/mc/big_block_allocator.hpp"
#include "smpp/mc/function_ref.hpp"

namespace smpp::mc {

using time_point = std::chrono::system_clock::time_point;

// The longest text kept per message: a short_message's maximum. A message_payload may be
// 64 KiB, and the store's size times that would be gigabytes; receipts quote 20 octets.
constexpr std::size_t stored_text_octets = 254;

// DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, REJECTED: nothing will happen to it any more.
constexpr bool is_final(message_state s) noexcept {
    return s != message_state::enroute && s != message_state::accepted && s != message_state::unknown;
}

// A message_id as the simulator makes them (1 to 16 hex digits, either case) as a number; none
// for any other text. "0a" and "a" are one number: a lookup by it must still compare the id.
// Hand-written rather than std::from_chars, which costs ~140 instructions for ten digits, on
// the path of every message (store and, with --http, history).
constexpr std::optional<std::uint64_t> hex_key(std::string_view message_id) noexcept {
    if (message_id.empty() || message_id.size() > 16) return std::nullopt;
    std::uint64_t k = 0;
    for (const char c : message_id) {
        const char lower = static_cast<char>(c | 0x20);
        std::uint64_t digit = 0;
        if (c >= '0' && c <= '9')
            digit = static_cast<std::uint64_t>(c - '0');
        else if (lower >= 'a' && lower <= 'f')
            digit = static_cast<std::uint64_t>(lower - 'a' + 10);
        else
            return std::nullopt;
        k = k << 4 | digit;
    }
    return k;
}

// Almost every message has one destination: kept inline, it costs no allocation.
using destination_list = boost::container::small_vector<sme_address, 1>;

struct stored_message {
    std::string message_id;
    std::string system_id;  // of the session that submitted it (up to 15 octets: no allocation)
    std::string service_type;
    sme_address source;
    destination_list destinations;  // one, or the ones a submit_multi reached
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

// Records of accepted messages, as the store keeps them. write_record() overwrites every field
// of `into` and reuses its strings' memory: a full store writes each new record over an old one.
void write_record(stored_message& into, const sm_body& submit, std::string_view message_id, time_point now,
                  std::string_view system_id = {});
void write_record(stored_message& into, const data_sm_body& data, std::string_view message_id, time_point now,
                  std::string_view system_id = {});
stored_message record_of(const sm_body& submit, std::string message_id, time_point now);
stored_message record_of(const submit_multi_body& submit, std::vector<sme_address> reached,
                         std::string message_id, time_point now, std::string_view system_id = {});

// What the simulator asks of a message store, and nothing more: message_store below is the
// in-memory default; one shared by several MCs can implement this without the simulator or the
// server changing. One virtual call per operation; none of them allocates on the way in.
class message_store_interface {
public:
    using outcome = std::pair<message_state, std::uint8_t>;  // state, error_code
    // Decides a pending record's delivery: an outcome, or none to leave it pending.
    using decide_fn = function_ref<std::optional<outcome>(const stored_message&)>;

    virtual ~message_store_interface() = default;

    // Keeps `m` (submit_multi); returns the pending record evicted to make room, if one was.
    virtual std::optional<stored_message> add(stored_message m) = 0;
    // Keeps the record of an accepted submit_sm or data_sm, written in place (write_record).
    // `system_id`: the submitting session's, for listings (GET /messages).
    virtual std::optional<stored_message> add_submit(const sm_body& submit, std::string_view message_id,
                                                     time_point now, std::string_view system_id = {}) = 0;
    virtual std::optional<stored_message> add_data(const data_sm_body& data, std::string_view message_id,
                                                   time_point now, std::string_view system_id = {}) = 0;
    // Forgets a record, as if never added (its response never reached the ESME).
    virtual void erase(std::string_view message_id) = 0;
    // Valid until the next add.
    virtual const stored_message* find(std::string_view message_id) const = 0;
    virtual command_status query(const query_sm_body& q, query_sm_resp_body& answer) const = 0;
    virtual command_status cancel(const cancel_sm_body& c, time_point now) = 0;
    virtual std::size_t supersede(std::string_view service_type, std::string_view source_addr,
                                  std::string_view destination_addr, time_point now) = 0;
    virtual command_status replace(const replace_sm_body& r) = 0;
    // The delivery's outcome, decided by `decide` for a pending record: the record once final,
    // or null (gone, already final, or left pending).
    virtual const stored_message* finish_decided(std::string_view message_id, time_point now, decide_fn decide) = 0;
    // Receipts the pending messages will ask for once delivered.
    virtual std::size_t receipts_owed() const = 0;
    // Shows every record to `each`, in no set order (smpp-mc's GET /messages; not for traffic).
    virtual void visit(function_ref<void(const stored_message&)> each) const = 0;
};

// The message's records by message_id. When full, a new record evicts the one that became final
// longest ago; only when none is final does the oldest pending one go. Message ids are hex
// numbers of up to 16 digits, as the simulator hands them out: kept as numbers, every lookup
// costs one hash of an integer rather than of a string, which matters at 100,000 messages a
// second. A record with another kind of id is not kept.
//
// Records live in one vector of slots, found through an index by id; a full store writes a new
// record over the evicted one, reusing its slot, index node and strings, so it allocates
// nothing per message (malloc and moving records about had been a third of the MC's time).
class message_store final : public message_store_interface {
public:
    explicit message_store(std::size_t capacity = 100'000);

    std::optional<stored_message> add_submit(const sm_body& submit, std::string_view message_id, time_point now,
                                             std::string_view system_id = {}) override {
        return add_with(message_id, [&](stored_message& m) { write_record(m, submit, message_id, now, system_id); });
    }
    std::optional<stored_message> add_data(const data_sm_body& data, std::string_view message_id, time_point now,
                                           std::string_view system_id = {}) override {
        return add_with(message_id, [&](stored_message& m) { write_record(m, data, message_id, now, system_id); });
    }
    const stored_message* finish_decided(std::string_view message_id, time_point now, decide_fn decide) override {
        return finish_with(message_id, now, decide);
    }

    // Keeps `m`; returns the pending record evicted to make room, if one was.
    std::optional<stored_message> add(stored_message m) override;
    // The same with the record written in place by `write(stored_message&)`, which must set every
    // field (write_record does). `message_id` must stay valid until `write` has run.
    template <typename Write>
    std::optional<stored_message> add_with(std::string_view message_id, Write write) {
        const auto k = key_of(message_id);
        if (!k) return std::nullopt;
        std::optional<stored_message> evicted;
        const auto n = claim(*k, evicted);
        write(slots_[n].message);
        append(pending_, n);
        return evicted;
    }
    // Forgets a record, as if never added (its response never reached the ESME).
    void erase(std::string_view message_id) override;
    // Valid until the next add.
    const stored_message* find(std::string_view message_id) const override;

    // query_sm (§4.8): the answer, or ESME_RINVMSGID / ESME_RQUERYFAIL.
    command_status query(const query_sm_body& q, query_sm_resp_body& answer) const override;
    // cancel_sm (§4.9): by message_id, or every pending message from source_addr to
    // destination_addr (and service_type, when given). ESME_RCANCELFAIL when nothing matched.
    command_status cancel(const cancel_sm_body& c, time_point now) override;
    // submit_sm with replace_if_present_flag (§5.2.18): every pending message from
    // `source_addr` to `destination_addr` with this very service_type is superseded: DELETED,
    // never delivered. Returns how many were.
    std::size_t supersede(std::string_view service_type, std::string_view source_addr,
                          std::string_view destination_addr, time_point now) override;
    // replace_sm (§4.10): a pending message's text, registered_delivery and default message id;
    // schedule and validity only when given. ESME_RINVMSGID / ESME_RREPLACEFAIL.
    command_status replace(const replace_sm_body& r) override;
    // The delivery's outcome. The record, or null when it is gone or already final (cancelled).
    const stored_message* finish(std::string_view message_id, message_state state, std::uint8_t error_code,
                                 time_point now);
    // The same with the outcome decided by `decide(record)` -> optional<outcome>, called only
    // for a pending record; no outcome leaves it pending (and returns null). One lookup per
    // delivery on the MC's hot path.
    template <typename Decide>
    const stored_message* finish_with(std::string_view message_id, time_point now, Decide decide) {
        auto* e = lookup(message_id);
        if (!e || !e->message.pending()) return nullptr;
        const std::optional<outcome> decided = decide(std::as_const(e->message));
        if (!decided) return nullptr;
        make_final(*e, decided->first, decided->second, now);
        return &e->message;
    }

    // Receipts the pending messages will ask for once delivered (registered_delivery 1): one
    // per destination.
    std::size_t receipts_owed() const override;
    void visit(function_ref<void(const stored_message&)> each) const override;
    std::size_t size() const noexcept { return slots_.size() - free_.size(); }
    std::size_t capacity() const noexcept { return capacity_; }

private:
    using key = std::uint64_t;
    using slot_number = std::uint32_t;
    static constexpr slot_number none = ~slot_number{0};

    // A record and its links in the pending or the final order.
    struct entry {
        stored_message message;
        key id = 0;
        slot_number prev = none;
        slot_number next = none;
    };
    struct order {
        slot_number first = none;
        slot_number last = none;
    };

    static std::optional<key> key_of(std::string_view message_id) noexcept;
    entry* lookup(std::string_view message_id);
    // A slot for the record of `k`, linked in no order: the old record of `k`, a free or new slot,
    // or the one evicted (moved into `evicted` when it was pending).
    slot_number claim(key k, std::optional<stored_message>& evicted);
    void make_final(entry& e, message_state state, std::uint8_t error_code, time_point now);
    order& order_of(const entry& e) noexcept { return e.message.pending() ? pending_ : final_; }
    void append(order& o, slot_number n) noexcept;
    void unlink(order& o, slot_number n) noexcept;
    template <typename Visit>
    void for_each_pending(Visit visit) const;

    std::size_t capacity_;
    // Node-based on purpose: a full store moves the evicted record's node to the new id and
    // allocates nothing, where Boost 1.81's open-addressing map slowed the MC from 750k to 150k
    // msg/s under that churn of erase and insert.
    std::unordered_map<key, slot_number> index_;
    std::vector<entry, big_block_allocator<entry>> slots_;
    std::vector<slot_number> free_;  // erased records' slots
    order pending_;  // accepted order
    order final_;    // the order they became final: the first to go
};

}  // namespace smpp::mc

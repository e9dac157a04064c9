#pragma once
// The simulator's answers, free of I/O: which submissions it accepts and with what message_id,
// what query_sm, cancel_sm and replace_sm find in its message store, and how each message's
// delivery ends (delivered, or failed by --receipt-fail-ratio) with the receipts that owes. The
// server adds the network, the delays and per-session throttling around it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smpp/codec/pdu.hpp"
#include "smpp/mc/message_store.hpp"
#include "smpp/mc/policy.hpp"
#include "smpp/mc/receipt.hpp"

namespace smpp::mc {

struct simulator_config {
    double reject_ratio = 0;                          // of submissions (per destination in submit_multi)
    command_status reject_status = command_status::system_error;
    double fail_ratio = 0;                            // of deliveries
    message_state fail_state = message_state::undeliverable;
    std::uint8_t fail_error = 1;                      // network error code of a failed delivery
    std::size_t store_size = 100'000;
    std::uint64_t first_message_id = 1;               // ids are this and up, in hex
    receipt_format receipt_style = receipt_format::standard;  // of receipts and notifications
};

// What a delivery attempt came to.
struct delivery {
    // The deliver_sm bodies of its receipts, when registered_delivery asks (one per destination).
    std::vector<sm_body> receipts;
    // Set when its schedule_delivery_time is still ahead: nothing happened, try again then.
    std::optional<time_point> held_until;
    // The message's state after the attempt; unset when the store no longer holds it.
    std::optional<message_state> state;
    std::uint8_t error = 0;  // with state: the network error code the store holds
};

// A response to send, and the id of the message it accepted.
struct answer {
    command_status status = command_status::ok;
    pdu_body body;
    std::optional<std::string> accepted;
    // The accepted id as the number its hex digits spell (hex_key(*accepted)), so that a caller
    // keying on it parses nothing; 0 when nothing was accepted.
    std::uint64_t accepted_key = 0;
};

class simulator {
public:
    // Keeps its messages in `shared_store` when given (which must outlive it), else in a
    // message_store of its own of cfg.store_size.
    explicit simulator(simulator_config cfg, message_store_interface* shared_store = nullptr);

    // True for the requests submit() handles: submit_sm, data_sm, submit_multi.
    static bool is_submission(command_id id) noexcept;
    // A submission: refused by the reject knob, or accepted with a new message_id and stored
    // (with `system_id`, the submitting session's). A submit_multi lists the destinations it
    // refused; refusing them all refuses the PDU.
    answer submit(const pdu& request, time_point now, std::string_view system_id = {});
    // Forgets an accepted message whose response could not reach the ESME: it never learnt
    // the id, so the message must not be delivered or owe a receipt.
    void withdraw(std::string_view message_id);
    // query_sm, cancel_sm or replace_sm against the store as it is now.
    answer manage(const pdu& request, time_point now);
    // The delivery of a message whose response went out: its final state and its receipts, or
    // the time it is held until. Nothing when it was cancelled or evicted meanwhile.
    delivery deliver(std::string_view message_id, time_point now);
    // The intermediate notifications (ENROUTE, esm_class 0x20; one per destination) of a
    // pending message whose registered_delivery asks for them: the MC sends them once the
    // ESME knows the message's id, before its final receipt. Empty when it asks for none.
    std::vector<sm_body> notifications(std::string_view message_id, time_point now) const;

    // A message finished now with this outcome, whatever the failure pattern says (smpp-mc's
    // POST /messages/{id}/deliver): its receipts when it asks for them. Nothing, and false in
    // `finished`, when it is gone or already final.
    delivery finish_now(std::string_view message_id, message_state state, std::uint8_t error, time_point now,
                        bool& finished);

    // The knobs at run time: the next submission or delivery follows them; their patterns
    // start afresh.
    void set_rejects(double ratio, command_status status);
    void set_failures(double ratio, message_state state, std::uint8_t error);
    const simulator_config& config() const noexcept { return cfg_; }
    // Forgets every stored message (a store of its own only; a shared one is not its to clear).
    void forget_messages();

    // Receipts that pending messages evicted from the full store will never get.
    std::uint64_t receipts_evicted() const noexcept { return receipts_evicted_; }

    message_store_interface& store() noexcept { return *store_; }
    const message_store_interface& store() const noexcept { return *store_; }

private:
    answer submit_multi(const submit_multi_body& b, time_point now, std::string_view system_id);
    // The number a message id is made from (the history's key) and the id itself.
    struct issued_id {
        std::uint64_t key;
        std::string text;
    };
    issued_id next_id();
    void keep(std::optional<stored_message> evicted);
    std::vector<sm_body> receipts_of(const stored_message& m, time_point now, bool intermediate) const;

    simulator_config cfg_;
    reject_schedule rejects_;  // MC-wide, so the pattern holds across sessions
    reject_schedule failures_;
    std::uint64_t next_id_;
    std::optional<message_store> own_store_;
    message_store_interface* store_;
    std::uint64_t receipts_evicted_ = 0;
};

}  // namespace smpp::mc

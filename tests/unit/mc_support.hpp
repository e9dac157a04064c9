#pragma once
// What the MC store and simulator tests share: a fixed wall clock and the PDUs they feed in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "smpp/codec/codec.hpp"
#include "smpp/mc/message_store.hpp"
#include "smpp/mc/receipt.hpp"
#include "smpp/mc/simulator.hpp"

namespace smpp::mc_test {

using namespace smpp;
using namespace std::chrono;
using namespace std::chrono_literals;

inline const system_clock::time_point t0 = sys_days{2026y / November / 24} + 12h + 30min + 15s + 250ms;

inline sm_body a_submit(std::uint8_t registered_delivery = 1) {
    sm_body s;
    s.service_type = "CMT";
    s.source_addr_ton = 1;
    s.source_addr_npi = 1;
    s.source_addr = "447700900001";
    s.dest_addr_ton = 1;
    s.dest_addr_npi = 1;
    s.destination_addr = "447700900002";
    s.registered_delivery = registered_delivery;
    s.short_message = "original text";
    return s;
}

inline mc::stored_message a_record(std::string id, std::uint8_t registered_delivery = 1) {
    return mc::record_of(a_submit(registered_delivery), std::move(id), t0);
}

inline query_sm_body query_of(std::string id, std::string source = "447700900001") {
    return {.message_id = std::move(id), .source_addr = std::move(source)};
}

inline cancel_sm_body cancel_of(std::string id, std::string source = "447700900001") {
    return {.message_id = std::move(id), .source_addr = std::move(source)};
}

inline replace_sm_body replace_of(std::string id, std::string text) {
    return {.message_id = std::move(id), .source_addr = "447700900001", .registered_delivery = 0,
            .short_message = std::move(text)};
}


inline mc::simulator a_simulator(mc::simulator_config cfg = {}) {
    cfg.first_message_id = 0xa0;
    return mc::simulator(cfg);
}

inline pdu as_pdu(command_id id, pdu_body body) { return {id, command_status::ok, 7, std::move(body)}; }

// Submits a message the simulator accepts; returns its id.
inline std::string accept(mc::simulator& sim, pdu_body body, command_id id = command_id::submit_sm) {
    auto a = sim.submit(as_pdu(id, std::move(body)), t0);
    EXPECT_EQ(a.status, command_status::ok);
    return a.accepted.value_or("");
}

}  // namespace smpp::mc_test

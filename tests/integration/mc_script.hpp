#pragma once
// Small steps for scripting an ESME against smpp-mc on a raw socket, shared by the MC tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "harness.hpp"

namespace smpp::test {

using clock_type = std::chrono::steady_clock;

inline sm_body a_message(std::string text, std::uint8_t registered_delivery = 0) {
    sm_body b;
    b.source_addr_ton = 1;
    b.source_addr_npi = 1;
    b.source_addr = "447700900001";
    b.dest_addr_ton = 1;
    b.dest_addr_npi = 1;
    b.destination_addr = "447700900002";
    b.registered_delivery = registered_delivery;
    b.short_message = std::move(text);
    return b;
}

// The next PDU, which must be of kind `id`; anything else on the way fails the test.
inline std::optional<pdu> expect_pdu(raw_esme& esme, command_id id, std::chrono::milliseconds deadline = 5s) {
    const auto until = clock_type::now() + deadline;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - clock_type::now());
        auto p = esme.receive(std::max(left, 0ms));
        if (!p) {
            ADD_FAILURE() << "no " << name_of(id) << " in time";
            return std::nullopt;
        }
        if (p->id == id) return p;
        ADD_FAILURE() << "expected " << name_of(id) << ", got " << name_of(p->id);
    }
}

// The message_id of an accepted submit_sm_resp, or "" after a failed expectation.
inline std::string accepted_id(const std::optional<pdu>& resp, std::uint32_t sequence) {
    if (!resp) return {};
    EXPECT_EQ(resp->sequence, sequence);
    EXPECT_EQ(resp->status, command_status::ok);
    const auto* body = std::get_if<sm_resp_body>(&resp->body);
    EXPECT_NE(body, nullptr);
    return body ? body->message_id : std::string{};
}

// Answers the MC's unbind, so that its shutdown is clean.
inline void answer_unbind(raw_esme& esme) {
    if (const auto unbind = expect_pdu(esme, command_id::unbind))
        esme.send(make_header_only(command_id::unbind_resp, unbind->sequence));
}

inline std::optional<std::uint64_t> undelivered_count(const event_log& log) {
    for (const auto& e : log.snapshot()) {
        if (e.role != "mc" || e.event != "receipts_undelivered") continue;
        const auto at = e.msg.find("count=");
        if (at == std::string::npos) return std::nullopt;
        return std::stoull(e.msg.substr(at + 6));
    }
    return 0;
}

}  // namespace smpp::test

#pragma once
// --received FILE: every message the MC delivers (MO and receipts alike, deliver_sm and
// data_sm) as one JSON line, its text decoded to UTF-8, its receipt parsed. A message sent in
// several parts is written once, when its last part comes; parts still waiting when the run
// ends (or when they time out) are written as one incomplete message.
#include <chrono>
#include <fstream>
#include <string>

#include "smpp/codec/pdu.hpp"
#include "smpp/log/logger.hpp"
#include "smpp/traffic/reassembly.hpp"

namespace smpp::esme {

// What the line says about a message beyond its octets: taken from its first part.
struct received_meta {
    std::uint64_t session = 0;
    std::string system_id;
    command_id command = command_id::deliver_sm;
    sm_body body;  // data_sm as the deliver_sm it equals; the text lives apart, in the octets
};

class received_log {
public:
    using clock = std::chrono::steady_clock;
    // At most this many messages wait for parts at once; more push the oldest out, incomplete.
    static constexpr std::size_t max_open = 10'000;

    // Truncates `path`; throws std::runtime_error when it cannot be written.
    received_log(const std::string& path, clock::duration reassembly_timeout);

    // A request from the MC: deliver_sm and data_sm are written (now or once complete).
    void on_request(const log::context& who, const pdu& request, clock::time_point now);
    // The end of the run: whatever still waits for parts is written, incomplete.
    void finish();

private:
    using parts = traffic::reassembler<received_meta>;
    void write(const received_meta& m, std::string_view octets, const parts::message* assembled);

    std::ofstream out_;
    parts open_;
};

}  // namespace smpp::esme

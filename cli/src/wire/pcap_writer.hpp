#pragma once
// --pcap FILE: the run's SMPP traffic as a capture file (libpcap format, Ethernet link type),
// each connection as a TCP stream with its real addresses and ports, so that Wireshark and
// tshark reassemble and dissect it. TLS connections are written as the plaintext SMPP they carry.
#include <memory>
#include <string>

#include "smpp/log/wire_tap.hpp"

namespace smpp::cli {

class pcap_writer;

// Opens (truncates) `path`; throws std::runtime_error naming it when that fails.
std::shared_ptr<pcap_writer> open_pcap(const std::string& path);

// One per connection: a handshake when made, the data as it flows, a FIN exchange when closed.
std::unique_ptr<log::wire_tap> make_pcap_tap(std::shared_ptr<pcap_writer> file, const log::wire_connection& c);

}  // namespace smpp::cli

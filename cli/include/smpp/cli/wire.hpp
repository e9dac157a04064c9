#pragma once
// --log-pdus [hex] and --pcap FILE, the same on both binaries: every PDU in the log, the
// traffic in a capture file. Both tap each connection's bytes (smpp/log/wire_tap.hpp).
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

namespace smpp::cli {

void add_wire_options(boost::program_options::options_description& d);

// After init_logging: installs the taps the flags ask for into log::process_logger().
// usage_error for a bad --log-pdus value or a --pcap file that cannot be written.
void init_wire(const boost::program_options::variables_map& vm);

}  // namespace smpp::cli

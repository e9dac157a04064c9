#pragma once
// --log-pdus: every PDU a connection reads or writes as one `pdu` log event.
#include <memory>

#include "smpp/log/wire_tap.hpp"

namespace smpp::cli {

// One per connection. `hex` adds the PDU's raw octets to each line.
std::unique_ptr<log::wire_tap> make_pdu_log(bool hex);

}  // namespace smpp::cli

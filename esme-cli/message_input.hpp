#pragma once
#include <string>
#include <vector>

#include "esme_options.hpp"

namespace smpp::esme {

// Reads --input, a file or "-" for standard input: JSON lines, one message each: {"from":...,
// "to":..., "text":...} with optional "data_coding" (0, 3 or 8), "registered_delivery" (0-255),
// "schedule_delivery_time" and "validity_period" (SMPP times); blank lines are skipped.
// Throws std::runtime_error naming the file and line of the first problem.
std::vector<outgoing_message> read_messages(const std::string& path);

}  // namespace smpp::esme

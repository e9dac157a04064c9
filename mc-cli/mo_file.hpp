#pragma once
// --mo-file: one JSON object per line, each an MO message the MC plays out in order:
//   {"system_id":"sid1","from":"447700900001","to":"12345","text":"hello",
//    "data_coding":0,"esm_class":0,"tlvs":{"0x0204":"0001"},"after_ms":500}
// system_id, from, to and text are required; data_coding (0, 3 or 8; default: the smallest
// alphabet that holds the text), esm_class, tlvs (tag -> value in hex) and after_ms (the pause
// after the line before) are optional. Blank lines are skipped.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "smpp/mc/mo.hpp"

namespace smpp::mc_app {

// Throws std::runtime_error "FILE:LINE: why" for the first bad line, or "cannot read ..."
// when the file cannot be read. A text that cannot be sent (no encoding in its data_coding,
// more than 255 parts) is a bad line too.
// One line's object (POST /mo's body too); throws std::runtime_error naming what is wrong.
// system_id may be left out unless `needs_system_id`.
mc::mo_message mo_of(const nlohmann::json& line, traffic::long_mode mode, bool needs_system_id);

std::vector<mc::mo_message> read_mo_file(const std::string& path, traffic::long_mode mode);

}  // namespace smpp::mc_app

#pragma once
// The end of a run with messages: the summary on stdout (or to the embedder's callback) and the
// --report file, one JSON line per message.
#include <functional>
#include <string>

#include "smpp/traffic/ledger.hpp"

namespace smpp::esme {

// Closes the ledger's open entries, then reports. Logs report_failed when the file cannot be
// written.
void finish_run(traffic::ledger& book, const std::function<void(const traffic::summary&)>& on_summary,
                const std::string& report_path);

}  // namespace smpp::esme

#pragma once
// The end of a run: the summary on stdout (or to the embedder's callback), the --summary-json
// file, and the --report file, one JSON line per message.
#include <span>

#include "esme_options.hpp"
#include "smpp/traffic/ledger.hpp"

namespace smpp::esme {

// Closes the ledgers' open entries, then reports; returns the summary it printed. Logs
// report_failed when a file cannot be written. A run over several threads has one ledger per
// thread, message i being ledger i % size's message i / size, and reports as one ledger would.
traffic::summary finish_run(std::span<traffic::ledger* const> books, const esme_options& options);

// Whether an outcome `fail_on` lists happened (the unbind timeouts come from the sessions).
bool failed_checks(const traffic::summary& s, const fail_conditions& fail_on, bool unbind_timed_out);

}  // namespace smpp::esme

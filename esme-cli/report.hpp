#pragma once
// The end of a run: the summary on stdout (or to the embedder's callback), the --summary-json
// file, and the --report file, one JSON line per message.
#include "esme_options.hpp"
#include "smpp/traffic/ledger.hpp"

namespace smpp::esme {

// Closes the ledger's open entries, then reports; returns the summary it printed. Logs
// report_failed when a file cannot be written.
traffic::summary finish_run(traffic::ledger& book, const esme_options& options);

// Whether an outcome `fail_on` lists happened (the unbind timeouts come from the sessions).
bool failed_checks(const traffic::summary& s, const fail_conditions& fail_on, bool unbind_timed_out);

}  // namespace smpp::esme

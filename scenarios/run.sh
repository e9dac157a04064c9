#!/usr/bin/env bash
# The seed scenario (the README's scenario command): builds if needed, starts
# smpp-mc and a 2-session smpp-esme, sends SIGINT to the ESME once both
# sessions are bound, stops the MC, prints both logs and checks that every
# unbind met its unbind_resp. Exits non-zero on any mismatch.
#
# The binaries log JSON lines to files, which the check reads; they are
# printed as --log-format text would show them, for a person to read.
#
#   scenarios/run.sh                       # from any directory
#   SMPP_SKIP_BOOTSTRAP=1 SMPP_BIN_DIR=build scenarios/run.sh
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin seed-sigint
SCEN_LOG_VIEW=text
esme_signal_case INT

#!/usr/bin/env bash
# Bad command lines: exit code 2 (usage error), exactly one line on stderr,
# no uncaught exception ("terminate called") and no stack trace.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin bad-flags

run_capture esme-sessions-abc 10 "$ESME_BIN" --sessions abc
expect_usage_error "smpp-esme --sessions abc" esme-sessions-abc

run_capture mc-listen-nonsense 10 "$MC_BIN" --listen nonsense
expect_usage_error "smpp-mc --listen nonsense" mc-listen-nonsense

scen_end

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

# The admission limits: whole numbers only, seconds for the window.
for bad in "--max-sessions -1" "--max-sessions abc" "--max-sessions-per-system-id 1.5" \
  "--max-failed-binds 2000000" "--failed-bind-window -3" "--failed-bind-window soon"; do
  name="mc${bad// /}"
  # shellcheck disable=SC2086 # flag and value are meant to split
  run_capture "$name" 10 "$MC_BIN" --listen 127.0.0.1:0 $bad
  expect_usage_error "smpp-mc $bad" "$name"
done

run_capture esme-max-pdu-size 10 "$ESME_BIN" --max-pdu-size 10
expect_usage_error "smpp-esme --max-pdu-size 10" esme-max-pdu-size

run_capture mc-max-pdu-size 10 "$MC_BIN" --max-pdu-size 99999999
expect_usage_error "smpp-mc --max-pdu-size 99999999" mc-max-pdu-size

run_capture esme-reconnect-max-delay 10 "$ESME_BIN" --reconnect --reconnect-max-delay 0
expect_usage_error "smpp-esme --reconnect-max-delay 0" esme-reconnect-max-delay

scen_end

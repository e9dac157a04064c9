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

# --threads: 0 (one per core) to 256; the HTTP API reads one thread, so it needs --threads 1.
for bad in "--threads -1" "--threads 257" "--threads two" "--threads 2 --http 127.0.0.1:0"; do
  name="mc${bad// /}"
  # shellcheck disable=SC2086 # flags and values are meant to split
  run_capture "$name" 10 "$MC_BIN" --listen 127.0.0.1:0 $bad
  expect_usage_error "smpp-mc $bad" "$name"
done

run_capture esme-max-pdu-size 10 "$ESME_BIN" --max-pdu-size 10
expect_usage_error "smpp-esme --max-pdu-size 10" esme-max-pdu-size

run_capture mc-max-pdu-size 10 "$MC_BIN" --max-pdu-size 99999999
expect_usage_error "smpp-mc --max-pdu-size 99999999" mc-max-pdu-size

# SMPP times: 16 characters, a real date and time, ending in +, - or R.
for bad in "--validity 1h" "--schedule 261324120000000+" "--validity 000000010000000X"; do
  name="esme${bad// /}"
  # shellcheck disable=SC2086 # flag and value are meant to split
  run_capture "$name" 10 "$ESME_BIN" $bad
  expect_usage_error "smpp-esme $bad" "$name"
done

run_capture esme-reconnect-max-delay 10 "$ESME_BIN" --reconnect --reconnect-max-delay 0
expect_usage_error "smpp-esme --reconnect-max-delay 0" esme-reconnect-max-delay

for bad in "--threads 257" "--threads -1" "--threads two" "--threads 2 --sessions 2 --progress 1"; do
  name="esme${bad// /}"
  # shellcheck disable=SC2086 # flag and value are meant to split
  run_capture "$name" 10 "$ESME_BIN" $bad
  expect_usage_error "smpp-esme $bad" "$name"
done

# The MC's simulator knobs: each bad value on its own.
mc_bad_flags=(
  "--response-delay-ms -1"
  "--receipt-delay-ms abc"
  "--reject-ratio 1.5"
  "--reject-status 0"
  "--throttle -3"
  "--receipt-fail-ratio 2"
  "--receipt-fail-state DELIVRD"
  "--receipt-fail-error 0"
  "--receipt-fail-error 256"
  "--store-size 0"
)
for flags in "${mc_bad_flags[@]}"; do
  name="mc$(tr -c 'a-z0-9' '-' <<<"$flags")"
  # shellcheck disable=SC2086 # each entry is a flag and its value
  run_capture "$name" 10 "$MC_BIN" $flags
  expect_usage_error "smpp-mc $flags" "$name"
done

# A negative value for an unsigned flag: program_options would wrap it (--port -1 became 65535).
# Far enough below 0, it wraps back into range: --sessions -4294967295 was 1 session.
esme_negative=("--port -1" "--sessions -1" "--sessions -4294967295" "--window -1" "--messages -1" "--registered-delivery -1"
  "--data-coding -1" "--max-pdu-size -1" "--max-connecting -1" "--sessions 100001")
for flags in "${esme_negative[@]}"; do
  name="esme$(tr -c 'a-z0-9' '-' <<<"$flags")"
  # shellcheck disable=SC2086 # each entry is a flag and its value
  run_capture "$name" 10 "$ESME_BIN" --host 127.0.0.1 $flags
  expect_usage_error "smpp-esme $flags" "$name"
done
run_capture mc-max-pdu-size-negative 10 "$MC_BIN" --listen 127.0.0.1:0 --max-pdu-size -1
expect_usage_error "smpp-mc --max-pdu-size -1" mc-max-pdu-size-negative

# Words that are no option were dropped without a word, whatever the user meant by them.
run_capture esme-positional 10 "$ESME_BIN" --host 127.0.0.1 --port 1 --messages 1 localhost
expect_usage_error "smpp-esme --messages 1 localhost" esme-positional
run_capture mc-positional 10 "$MC_BIN" --listen 127.0.0.1:0 2775
expect_usage_error "smpp-mc --listen 127.0.0.1:0 2775" mc-positional

scen_end

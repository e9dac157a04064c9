#!/usr/bin/env bash
# Issue #12: the password off the command line, and one stop that arrives twice.
#  1. --password-file (trailing newline, {n} expanded) binds 2 sessions that send traffic the MC
#     answers 300 ms late; then SIGINT arrives twice 20 ms apart, as under GNU timeout: that is
#     one stop, so the ESME drains and both sessions unbind cleanly (exit 0, no forced_close),
#     where before the second copy force-closed them (exit 4).
#  2. SMPP_PASSWORD binds likewise; --help says --password is visible in /proc/PID/cmdline.
#  3. Usage errors (exit 2, one line) for --password with --password-file, a missing password
#     file, and a --text that cannot be encoded in its --data-coding (before: every copy was
#     reported rejected with ESME_RINVMSGLEN, and exit 0).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rc=""
scen_begin esme-password-signal

write_credentials 2 >/dev/null
printf 'pass{n}\n' >"$SCEN_TMP/password"
start_mc --response-delay-ms 300
start_esme --sessions 2 --system-id 'sid{n}' --password-file "$SCEN_TMP/password" --messages 100000
expect_events "$ESME_LOG" smpp-esme bound 2 15 "$ESME_PID" || true
note "sending SIGINT twice, 20 ms apart, to smpp-esme (pid $ESME_PID)"
kill -INT "$ESME_PID" 2>/dev/null || true
# Not a wait for an event: the gap is the test's input (two copies of one kill, a signal
# apart); 20 ms is inside the 200 ms that count as one stop.
sleep 0.02
kill -INT "$ESME_PID" 2>/dev/null || true
if wait_exit "$ESME_PID" 15 rc; then
  expect_rc "smpp-esme after one SIGINT delivered twice" "$rc" 0
else
  fail "smpp-esme still running 15s after SIGINT"
  kill_hard "$ESME_PID"
fi
check_no_event "$ESME_LOG" smpp-esme forced_close || true
check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" 2 || true

ESME_LOG="$SCEN_TMP/esme-env.log"
SCEN_LOGS+=("smpp-esme (SMPP_PASSWORD) log|$ESME_LOG")
SMPP_PASSWORD='pass{n}' spawn "smpp-esme (SMPP_PASSWORD)" "$ESME_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" \
  --log-format json --sessions 2 --system-id 'sid{n}' --duration 0.5
if wait_exit "$SCEN_LAST_PID" 15 rc; then
  expect_rc "smpp-esme with SMPP_PASSWORD" "$rc" 0
else
  fail "smpp-esme with SMPP_PASSWORD still running after 15s"
  kill_hard "$SCEN_LAST_PID"
fi
expect_count "$ESME_LOG" smpp-esme bound 2 || true

run_capture esme-help 10 "$ESME_BIN" --help
if grep -q '/proc/PID/cmdline' "$SCEN_TMP/esme-help.stdout"; then
  pass "smpp-esme --help says --password is visible in /proc/PID/cmdline"
else
  fail "smpp-esme --help does not warn that --password is visible to other users"
fi

run_capture esme-password-twice 10 "$ESME_BIN" --password a --password-file "$SCEN_TMP/password"
expect_usage_error "smpp-esme --password with --password-file" esme-password-twice
run_capture esme-password-missing 10 "$ESME_BIN" --password-file "$SCEN_TMP/no-such-file"
expect_usage_error "smpp-esme --password-file naming no file" esme-password-missing
run_capture esme-text-unencodable 10 "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" --messages 1 \
  --data-coding 0 --text 'snow ☃'
expect_usage_error "smpp-esme --text that GSM 7-bit cannot encode" esme-text-unencodable

stop_mc 0
scen_print_logs
scen_end

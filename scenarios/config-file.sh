#!/usr/bin/env bash
# --config (#10): the sample scenario run from scenarios/sample-mc.conf and sample-esme.conf,
# flags given beside them winning (the MC's port 0, the ESME's port), --print-config with the
# password hidden, and a bad file costing one line that names it and its line, exit 2.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin config-file
MC_CONF="$SCEN_LIB_DIR/sample-mc.conf"
ESME_CONF="$SCEN_LIB_DIR/sample-esme.conf"

write_credentials 2 >/dev/null
# start_mc adds --listen 127.0.0.1:0: it must win over the file's 2775.
start_mc --config "$MC_CONF"

run_capture esme-print 10 "$ESME_BIN" --config "$ESME_CONF" --port "$MC_PORT" --print-config
expect_rc "smpp-esme --print-config" "$RUN_RC" 0
expect_json "$SCEN_TMP/esme-print.stdout" "port = $MC_PORT" "--print-config: the flag's port won over the file's"
expect_json "$SCEN_TMP/esme-print.stdout" "password = ***" "--print-config hides the password"
if grep -q 'pass{n}' "$SCEN_TMP/esme-print.stdout"; then fail "--print-config shows the password"; fi
expect_json "$SCEN_TMP/esme-print.stdout" "sessions = 2" "--print-config shows the file's sessions"

ESME_LOG="$SCEN_TMP/esme.log"
SCEN_LOGS+=("smpp-esme log|$ESME_LOG")
spawn smpp-esme "$ESME_LOG" "$ESME_BIN" --config "$ESME_CONF" --port "$MC_PORT" --log-level "$SCEN_LOG_LEVEL"
ESME_PID="$SCEN_LAST_PID"
expect_events "$ESME_LOG" smpp-esme bound 2 15 "$ESME_PID" || true
if stop_proc "$ESME_PID" INT 15 rc; then
  expect_rc smpp-esme "$rc" 0
else
  fail "smpp-esme still running 15s after SIGINT"
  kill_hard "$ESME_PID"
fi
stop_mc 0
check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" 2 || true

# A bad key and a bad value: one line naming file and line, exit 2, on both binaries.
printf 'sessions = 2\n# a comment\nsesions = 3\n' >"$SCEN_TMP/typo.conf"
run_capture esme-typo 10 "$ESME_BIN" --config "$SCEN_TMP/typo.conf"
expect_usage_error "smpp-esme with an unknown key" esme-typo
expect_json "$SCEN_TMP/esme-typo.stderr" "$SCEN_TMP/typo.conf:3:" "the error names the file and line 3"
printf 'listen = 127.0.0.1:0\nreject-ratio = lots\n' >"$SCEN_TMP/value.conf"
run_capture mc-value 10 "$MC_BIN" --config "$SCEN_TMP/value.conf"
expect_usage_error "smpp-mc with a bad value" mc-value
expect_json "$SCEN_TMP/mc-value.stderr" "$SCEN_TMP/value.conf:2:" "the error names the file and line 2"
run_capture mc-missing 10 "$MC_BIN" --config "$SCEN_TMP/no-such.conf"
expect_usage_error "smpp-mc with a missing config file" mc-missing
scen_end

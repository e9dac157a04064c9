#!/usr/bin/env bash
# smpp-mc's credentials file and listen address: a missing, unreadable or malformed file is one
# clear line on stderr and exit 3; a file others may read is used with a credentials_exposed
# warning (never showing a password); one only its owner may read gets none; and without
# --listen the MC listens on 127.0.0.1 only.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

scen_begin credentials
SCEN_PRINT_LOGS=on-failure

# expect_refused WHAT NAME PATTERN: after run_capture NAME: exit 3 and one stderr line matching PATTERN.
expect_refused() {
  local what="$1" err="$SCEN_TMP/$2.stderr" pattern="$3"
  expect_rc "$what" "$RUN_RC" 3
  if [[ "$(awk 'END { print NR }' "$err")" == 1 ]] && grep -qE "$pattern" "$err"; then
    pass "$what said why in one line: $(head -n 1 "$err")"
  else
    fail "$what: expected one stderr line matching /$pattern/, got: $(cat "$err")"
  fi
}

mc_with() { run_capture "$1" 10 "$MC_BIN" --listen 127.0.0.1:0 --log-format json --credentials "$2"; }

mc_with missing "$SCEN_TMP/no-such-file"
expect_refused "smpp-mc with a missing credentials file" missing 'no-such-file: No such file or directory'

mc_with directory "$SCEN_TMP"
expect_refused "smpp-mc with a directory as credentials file" directory 'is a directory'

printf 'sid1 pass1\n' >"$SCEN_TMP/malformed"
mc_with malformed "$SCEN_TMP/malformed"
expect_refused "smpp-mc with a malformed credentials file" malformed 'malformed:1: expected system_id:password'

printf '# nobody yet\n\n' >"$SCEN_TMP/empty"
mc_with empty "$SCEN_TMP/empty"
expect_refused "smpp-mc with a credentials file that lists nobody" empty 'lists nobody'

if [[ "$(id -u)" -ne 0 ]]; then
  printf 'sid1:pass1\n' >"$SCEN_TMP/unreadable"
  chmod 000 "$SCEN_TMP/unreadable"
  mc_with unreadable "$SCEN_TMP/unreadable"
  expect_refused "smpp-mc with an unreadable credentials file" unreadable 'Permission denied'
fi

# Readable by others: used, with a warning that names the file and never a password.
write_credentials 2 >/dev/null
chmod 644 "$SCEN_TMP/credentials"
start_mc
expect_events "$MC_LOG" smpp-mc credentials_exposed 1 10 "$MC_PID" || true
if grep -q 'pass[12]' "$MC_LOG"; then fail "smpp-mc log shows a password"; else pass "no password in the smpp-mc log"; fi
stop_mc 0

chmod 600 "$SCEN_TMP/credentials"
start_mc
expect_events "$MC_LOG" smpp-mc listening 1 10 "$MC_PID" || true
check_no_event "$MC_LOG" smpp-mc credentials_exposed || true
stop_mc 0

# No --listen: the default 127.0.0.1:2775. The port may be taken by something else on this
# machine; either way the MC names the address it tried, and it must never be a wildcard.
portfile="$SCEN_TMP/default.port"
MC_LOG="$SCEN_TMP/mc-default.log"
SCEN_LOGS+=("smpp-mc (default --listen) log|$MC_LOG")
spawn smpp-mc "$MC_LOG" "$MC_BIN" --port-file "$portfile" --log-format json
MC_PID="$SCEN_LAST_PID"
if wait_port_file "$portfile" "$MC_PID" 10; then
  if grep -q '"event":"listening".*Listening on 127.0.0.1:2775' "$MC_LOG"; then
    pass "without --listen smpp-mc listens on 127.0.0.1:2775"
  else
    fail "without --listen smpp-mc does not say it listens on 127.0.0.1:2775"
  fi
  # /proc/net/tcp{,6}: local address 00000000 (or :: all zeros) on port 0x0AD7 would be a wildcard bind.
  if awk '$4 == "0A" && $2 ~ /^0+:0AD7$/ { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then
    fail "something listens on the wildcard address on port 2775"
  else
    pass "no wildcard listener on port 2775"
  fi
  stop_mc 0
else
  wait_exit "$MC_PID" 10 rc || true
  if grep -q '"event":"listen_failed".*127.0.0.1:2775' "$MC_LOG"; then
    pass "without --listen smpp-mc tried 127.0.0.1:2775 (taken here, exit $rc)"
  else
    fail "without --listen smpp-mc neither listened nor reported listen_failed on 127.0.0.1:2775 (exit $rc)"
  fi
fi

scen_end

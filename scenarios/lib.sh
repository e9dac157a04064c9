# shellcheck shell=bash
# Shared functions for the end-to-end scenarios (scenarios/*.sh).
#
# The one place that starts smpp-mc / smpp-esme, waits with deadlines, sends
# signals, cleans up, and checks the JSON logs. Case scripts source it:
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   scen_begin my-case
#   ...
#   scen_end
#
# Environment:
#   SMPP_BUILD_DIR       build tree (default <repo>/build)
#   SMPP_BIN_DIR         where mc-cli/smpp-mc and esme-cli/smpp-esme live
#                        (default: SMPP_BUILD_DIR)
#   SMPP_MC_BIN, SMPP_ESME_BIN   full paths, override SMPP_BIN_DIR (CTest sets them)
#   SMPP_SKIP_BOOTSTRAP=1 don't run cmake/bootstrap.sh (CTest already built)
#   SMPP_SCEN_LOG_LEVEL  --log-level given to both binaries (default info)
#   SMPP_SCEN_KEEP=1     keep the temporary directory even when the case passes
#
# Needs only bash, coreutils, grep and awk (mawk is enough): no jq, no python.
#
# The log check matches an unbind by (system_id, seq), so every session in a
# scenario must bind with its own system_id (the scenarios use 'sid{n}').

SCEN_LIB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SMPP_ROOT="$(cd "$SCEN_LIB_DIR/.." && pwd)"
SMPP_BUILD_DIR="${SMPP_BUILD_DIR:-$SMPP_ROOT/build}"
SMPP_BIN_DIR="${SMPP_BIN_DIR:-$SMPP_BUILD_DIR}"
MC_BIN="${SMPP_MC_BIN:-$SMPP_BIN_DIR/mc-cli/smpp-mc}"
ESME_BIN="${SMPP_ESME_BIN:-$SMPP_BIN_DIR/esme-cli/smpp-esme}"
SCEN_LOG_LEVEL="${SMPP_SCEN_LOG_LEVEL:-info}"

SCEN_NAME=""
SCEN_TMP=""
SCEN_FAILS=0
SCEN_LAST_PID=""
SCEN_PRINT_LOGS="always" # always | on-failure (set by case scripts)
SCEN_LOG_VIEW="json"     # json | text: how scen_print_logs shows the JSON logs
declare -A SCEN_PROCS=() # pid -> name, for every child still to be reaped
SCEN_LOGS=()             # "title|file" pairs printed by scen_print_logs
SCEN_LOGS_PRINTED=0
SCEN_ENV_PREFIX=()

# ---------------------------------------------------------------- reporting

pass() { printf 'PASS: %s\n' "$*"; }
fail() {
  printf 'FAIL: %s\n' "$*"
  SCEN_FAILS=$((SCEN_FAILS + 1))
}
note() { printf '%s: %s\n' "${SCEN_NAME:-scenario}" "$*"; }

# expect_rc WHAT ACTUAL EXPECTED
expect_rc() {
  if [[ "$2" == "$3" ]]; then
    pass "$1 exited with code $2"
  else
    fail "$1 exited with code $2, expected $3"
  fi
}

# ---------------------------------------------------------------- time

# now_ms, proc_alive and wait_port_file are shared with the package and example tests.
# shellcheck source=lib-wait.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-wait.sh"

# ---------------------------------------------------------------- set-up

scen_bootstrap() {
  if [[ "${SMPP_SKIP_BOOTSTRAP:-0}" == 1 ]]; then
    return 0
  fi
  "$SMPP_ROOT/cmake/bootstrap.sh"
}

# scen_begin NAME: bootstrap unless skipped, make the temp dir, install the
# clean-up trap, check the binaries are there.
scen_begin() {
  SCEN_NAME="$1"
  scen_bootstrap
  SCEN_TMP="$(mktemp -d "${TMPDIR:-/tmp}/smpp-scenario-$SCEN_NAME.XXXXXX")"
  trap scen_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # A background job of a non-interactive shell starts with SIGINT ignored;
  # give the binaries default dispositions, as an interactive shell would.
  if env --default-signal=INT,QUIT true 2>/dev/null; then
    # shellcheck disable=SC2054 # the comma belongs to env's option
    SCEN_ENV_PREFIX=(env --default-signal=INT,QUIT)
  fi
  note "binaries: $MC_BIN, $ESME_BIN"
  note "work dir: $SCEN_TMP"
  local bin
  for bin in "$MC_BIN" "$ESME_BIN"; do
    if [[ ! -x "$bin" ]]; then
      fail "binary $bin not found or not executable (build first, or set SMPP_BIN_DIR)"
      exit 1
    fi
  done
}

# write_credentials N [FILE]: sid1:pass1 .. sidN:passN; prints the file name.
write_credentials() {
  local n="$1" file="${2:-$SCEN_TMP/credentials}" i
  # Only its owner may read it, as smpp-mc asks (else it warns: credentials_exposed).
  (umask 077 && : >"$file")
  for ((i = 1; i <= n; i++)); do
    printf 'sid%d:pass%d\n' "$i" "$i" >>"$file"
  done
  printf '%s\n' "$file"
}

# ---------------------------------------------------------------- processes

# spawn NAME LOG CMD...: start CMD in the background, stderr to LOG, stdout to
# LOG.stdout. Sets SCEN_LAST_PID. The process is stopped by scen_cleanup if
# the scenario ends with it still running.
spawn() {
  local name="$1" log="$2"
  shift 2
  "${SCEN_ENV_PREFIX[@]}" "$@" 2>"$log" >"$log.stdout" &
  SCEN_LAST_PID=$!
  SCEN_PROCS[$SCEN_LAST_PID]="$name"
  note "started $name (pid $SCEN_LAST_PID): $*"
}

# wait_exit PID TIMEOUT_SEC VAR: wait until PID exits, store its exit code in
# VAR. Returns 1 (VAR = "timeout") if it is still running at the deadline.
wait_exit() {
  # locals are prefixed: VAR is set with printf -v and must not be shadowed
  local _we_pid="$1" _we_var="$3" _we_deadline _we_rc=0
  _we_deadline=$(($(now_ms) + $2 * 1000))
  while proc_alive "$_we_pid"; do
    if (($(now_ms) >= _we_deadline)); then
      printf -v "$_we_var" '%s' timeout
      return 1
    fi
    sleep 0.05
  done
  wait "$_we_pid" 2>/dev/null || _we_rc=$?
  unset "SCEN_PROCS[$_we_pid]"
  printf -v "$_we_var" '%s' "$_we_rc"
}

# send_signal PID SIG: signal a child; says so, or that it had already exited.
send_signal() {
  local pid="$1" sig="$2"
  if proc_alive "$pid"; then
    note "sending SIG$sig to ${SCEN_PROCS[$pid]:-pid $pid} (pid $pid)"
    kill -s "$sig" "$pid" 2>/dev/null || true
  else
    note "${SCEN_PROCS[$pid]:-pid $pid} (pid $pid) had already exited before SIG$sig"
  fi
}

# stop_proc PID SIG TIMEOUT_SEC VAR: signal, then wait_exit.
stop_proc() {
  send_signal "$1" "$2"
  wait_exit "$1" "$3" "$4"
}

# kill_hard PID: TERM, 3 s grace, then KILL; reaps it.
kill_hard() {
  local pid="$1" rc
  proc_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_exit "$pid" 3 rc; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  unset "SCEN_PROCS[$pid]"
}

scen_cleanup() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${!SCEN_PROCS[@]}"; do
    if proc_alive "$pid"; then
      printf '%s: cleanup: stopping leftover %s (pid %s)\n' "${SCEN_NAME:-scenario}" "${SCEN_PROCS[$pid]}" "$pid"
      kill_hard "$pid"
    fi
  done
  if ((rc != 0 || SCEN_FAILS > 0)) && ((SCEN_LOGS_PRINTED == 0)) && ((${#SCEN_LOGS[@]} > 0)); then
    scen_print_logs force
  fi
  if [[ -n "$SCEN_TMP" && -d "$SCEN_TMP" ]]; then
    if ((rc != 0 || SCEN_FAILS > 0)) || [[ "${SMPP_SCEN_KEEP:-0}" == 1 ]]; then
      printf '%s: logs kept in %s\n' "${SCEN_NAME:-scenario}" "$SCEN_TMP"
    else
      rm -rf "$SCEN_TMP"
    fi
  fi
  exit "$rc"
}

# ---------------------------------------------------------------- waiting on logs

# count_events LOG EVENT: number of JSON lines with "event":"EVENT".
count_events() {
  local n
  n="$(grep -c "\"event\":\"$2\"" "$1" 2>/dev/null)" || true
  printf '%s\n' "${n:-0}"
}

# wait_events LOG EVENT N TIMEOUT_SEC [PID]: wait until LOG has at least N
# EVENT lines. Gives up early if PID exits first.
wait_events() {
  local log="$1" event="$2" n="$3" timeout="$4" pid="${5:-}" deadline
  deadline=$(($(now_ms) + timeout * 1000))
  while (($(count_events "$log" "$event") < n)); do
    if [[ -n "$pid" ]] && ! proc_alive "$pid"; then
      # one last look: it may have logged and exited in between
      (($(count_events "$log" "$event") >= n)) && return 0
      return 1
    fi
    (($(now_ms) < deadline)) || return 1
    sleep 0.05
  done
}

# expect_events LOG WHO EVENT N TIMEOUT_SEC PID: wait_events plus a PASS/FAIL line.
expect_events() {
  local log="$1" who="$2" event="$3" n="$4" timeout="$5" pid="$6"
  if wait_events "$log" "$event" "$n" "$timeout" "$pid"; then
    pass "$who logged $event $n times"
  else
    local why="within ${timeout}s"
    proc_alive "$pid" || why="before it exited"
    fail "$who logged $event $(count_events "$log" "$event") times $why, expected $n"
    return 1
  fi
}

# ---------------------------------------------------------------- the two binaries

MC_PID=""
MC_PORT=""
MC_LOG=""
ESME_PID=""
ESME_LOG=""

# start_mc [EXTRA_ARGS...]: smpp-mc on 127.0.0.1:0 with JSON logs and
# --credentials $SCEN_TMP/credentials (when present); waits for the port file.
# Aborts the scenario if it does not come up.
# shellcheck disable=SC2120 # extra args are optional
start_mc() {
  local portfile="$SCEN_TMP/mc.port" args=()
  MC_LOG="$SCEN_TMP/mc.log"
  rm -f "$portfile"
  args=(--listen 127.0.0.1:0 --port-file "$portfile" --log-format json --log-level "$SCEN_LOG_LEVEL")
  [[ -f "$SCEN_TMP/credentials" ]] && args+=(--credentials "$SCEN_TMP/credentials")
  SCEN_LOGS+=("smpp-mc log|$MC_LOG")
  spawn smpp-mc "$MC_LOG" "$MC_BIN" "${args[@]}" "$@"
  MC_PID="$SCEN_LAST_PID"
  if ! wait_port_file "$portfile" "$MC_PID" 10; then
    if proc_alive "$MC_PID"; then
      fail "smpp-mc wrote no port to $portfile within 10s"
    else
      local rc
      wait_exit "$MC_PID" 1 rc || true
      fail "smpp-mc exited with code $rc before writing $portfile"
    fi
    exit 1
  fi
  MC_PORT="$(tr -d ' \r\n' <"$portfile")"
  note "smpp-mc is listening on 127.0.0.1:$MC_PORT"
}

# start_esme [ARGS...]: smpp-esme against the running MC, JSON logs.
start_esme() {
  ESME_LOG="$SCEN_TMP/esme.log"
  SCEN_LOGS+=("smpp-esme log|$ESME_LOG")
  spawn smpp-esme "$ESME_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" \
    --log-format json --log-level "$SCEN_LOG_LEVEL" "$@"
  ESME_PID="$SCEN_LAST_PID"
}

# stop_mc [EXPECTED_RC]: SIGTERM to smpp-mc, wait (15 s), check its code (default 0).
stop_mc() {
  local expected="${1:-0}" rc
  if stop_proc "$MC_PID" TERM 15 rc; then
    expect_rc smpp-mc "$rc" "$expected"
  else
    fail "smpp-mc still running 15s after SIGTERM"
    kill_hard "$MC_PID"
  fi
}

# run_capture NAME TIMEOUT_SEC CMD...: run CMD in the foreground, stdout and
# stderr to $SCEN_TMP/NAME.stdout / NAME.stderr; sets RUN_RC (124 = hung).
RUN_RC=0
run_capture() {
  local name="$1" timeout="$2"
  shift 2
  RUN_RC=0
  note "running: $*"
  timeout --kill-after=2 "$timeout" "${SCEN_ENV_PREFIX[@]}" "$@" \
    >"$SCEN_TMP/$name.stdout" 2>"$SCEN_TMP/$name.stderr" || RUN_RC=$?
  SCEN_LOGS+=("$name stderr|$SCEN_TMP/$name.stderr" "$name stdout|$SCEN_TMP/$name.stdout")
}

# ---------------------------------------------------------------- printing and checking logs

# In lib-logs.sh: scen_print_logs, check_unbind_exchanges, check_closed_reason, expect_json, expect_count,
# expect_usage_error, check_no_event, warn_non_json.
# shellcheck source=lib-logs.sh
source "$SCEN_LIB_DIR/lib-logs.sh"

# ---------------------------------------------------------------- ending

# scen_end: prints the logs if not yet printed (with SCEN_PRINT_LOGS=on-failure
# only when a check failed), then the verdict; exits 0/1.
scen_end() {
  if ((SCEN_LOGS_PRINTED == 0)) && { [[ "$SCEN_PRINT_LOGS" == always ]] || ((SCEN_FAILS > 0)); }; then
    scen_print_logs force
  fi
  if ((SCEN_FAILS == 0)); then
    printf 'PASS: scenario %s\n' "$SCEN_NAME"
    exit 0
  fi
  printf 'FAIL: scenario %s (%d check(s) failed)\n' "$SCEN_NAME" "$SCEN_FAILS"
  exit 1
}

# ---------------------------------------------------------------- shared flows

# esme_signal_case SIG: the seed flow. Two sessions bind, run about a second,
# SIG goes to the ESME, which must unbind both and exit 0; then the MC gets
# SIGTERM and must exit 0; every unbind must have met its unbind_resp.
esme_signal_case() {
  local sig="$1" rc
  write_credentials 2 >/dev/null
  start_mc
  start_esme --sessions 2 --system-id 'sid{n}' --password 'pass{n}'
  expect_events "$ESME_LOG" smpp-esme bound 2 15 "$ESME_PID" || true
  # let the sessions run for about a second
  proc_alive "$ESME_PID" && sleep 1
  if stop_proc "$ESME_PID" "$sig" 15 rc; then
    expect_rc smpp-esme "$rc" 0
  else
    fail "smpp-esme still running 15s after SIG$sig"
    kill_hard "$ESME_PID"
  fi
  stop_mc 0
  scen_print_logs
  check_no_event "$MC_LOG" smpp-mc credentials_exposed || true
  warn_non_json "$MC_LOG" smpp-mc
  warn_non_json "$ESME_LOG" smpp-esme
  check_unbind_exchanges esme "$ESME_LOG" "$MC_LOG" 2 || true
  scen_end
}

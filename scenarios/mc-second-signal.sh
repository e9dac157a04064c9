#!/usr/bin/env bash
# A second SIGTERM closes smpp-mc at once (README: "A second signal closes everything at once"),
# whatever its first one left it waiting for, with exit code 4 (sessions closed unanswered):
#  unbind: 2 sessions bound by an smpp-esme that is then frozen with SIGSTOP, so the MC's
#          unbinds go unanswered; --unbind-timeout is 30 s.
#  drain:  an smpp-esme sent 4 submit_sm that the MC holds 30 s (--response-delay-ms), so the
#          MC waits in its --drain-timeout (30 s) to answer them before unbinding.
# In both the second SIGTERM must end the MC within LIMIT_MS, far below the 30 s it would wait.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LIMIT_MS=3000 # from the second SIGTERM to the exit; the waits it cuts short are 30 s
ECHO_WINDOW_MS=200 # signals this soon after the first count as the first (stop_count.hpp)
WAIT_ARGS=(--unbind-timeout 30 --drain-timeout 30)
rc=""
scen_begin mc-second-signal

write_credentials 2 >/dev/null

# start_mc_as NAME LEVEL ARGS...: like lib.sh's start_mc, with per-case log and port files.
start_mc_as() {
  local name="$1" level="$2" portfile="$SCEN_TMP/mc-$1.port"
  shift 2
  MC_LOG="$SCEN_TMP/mc-$name.log"
  SCEN_LOGS+=("smpp-mc ($name) log|$MC_LOG")
  spawn "smpp-mc ($name)" "$MC_LOG" "$MC_BIN" --listen 127.0.0.1:0 --port-file "$portfile" \
    --log-format json --log-level "$level" --credentials "$SCEN_TMP/credentials" "$@"
  MC_PID="$SCEN_LAST_PID"
  if ! wait_port_file "$portfile" "$MC_PID" 10; then
    fail "smpp-mc ($name) wrote no port to $portfile"
    scen_end
  fi
  MC_PORT="$(tr -d ' \r\n' <"$portfile")"
  note "smpp-mc ($name) is listening on 127.0.0.1:$MC_PORT"
}

# start_esme_as NAME ARGS...: smpp-esme against the running MC with its own log file.
start_esme_as() {
  local name="$1"
  shift
  ESME_LOG="$SCEN_TMP/esme-$name.log"
  SCEN_LOGS+=("smpp-esme ($name) log|$ESME_LOG")
  spawn "smpp-esme ($name)" "$ESME_LOG" "$ESME_BIN" --host 127.0.0.1 --port "$MC_PORT" \
    --log-format json --log-level "$SCEN_LOG_LEVEL" "$@"
  ESME_PID="$SCEN_LAST_PID"
}

# first_sigterm: the stop, and when it was sent.
FIRST_TERM_MS=0
first_sigterm() {
  FIRST_TERM_MS="$(now_ms)"
  send_signal "$MC_PID" TERM
}

# second_sigterm CASE: the MC, still waiting after its first SIGTERM, gets another and must
# exit 4 within LIMIT_MS. A signal within 200 ms of the first is that first one arriving twice
# (README), so the second stop is sent after that window: what a person pressing twice does.
second_sigterm() {
  local what="smpp-mc ($1)" t0 elapsed
  if ! proc_alive "$MC_PID"; then
    fail "$what exited before the second SIGTERM: it did not wait"
    return 0
  fi
  while (($(now_ms) - FIRST_TERM_MS < ECHO_WINDOW_MS + 50)); do sleep 0.02; done
  t0="$(now_ms)"
  send_signal "$MC_PID" TERM
  if wait_exit "$MC_PID" 10 rc; then
    elapsed=$(($(now_ms) - t0))
    note "$what exited ${elapsed} ms after the second SIGTERM"
    expect_rc "$what" "$rc" 4
    if ((elapsed <= LIMIT_MS)); then
      pass "$what closed at once on the second SIGTERM (${elapsed} ms)"
    else
      fail "$what took ${elapsed} ms to exit after the second SIGTERM, limit ${LIMIT_MS} ms"
    fi
  else
    fail "$what still running 10s after the second SIGTERM (it would wait out a 30 s timeout)"
    kill_hard "$MC_PID"
  fi
}

# end_esme CASE: the ESME lost its sessions to the forced close; only its exit matters here.
end_esme() {
  if wait_exit "$ESME_PID" 15 rc; then
    note "smpp-esme ($1) exited with code $rc after the MC closed its sessions"
  else
    fail "smpp-esme ($1) still running 15s after the MC closed its sessions"
    kill_hard "$ESME_PID"
  fi
}

# ---------------------------------------------------------------- waiting for unbind_resp

start_mc_as unbind "$SCEN_LOG_LEVEL" "${WAIT_ARGS[@]}"
start_esme_as unbind --sessions 2 --system-id 'sid{n}' --password 'pass{n}' --enquire-link-interval 0
expect_events "$ESME_LOG" "smpp-esme (unbind)" bound 2 15 "$ESME_PID" || true
expect_events "$MC_LOG" "smpp-mc (unbind)" bound 2 5 "$MC_PID" || true
send_signal "$ESME_PID" STOP
first_sigterm
expect_events "$MC_LOG" "smpp-mc (unbind)" unbind_sent 2 10 "$MC_PID" || true
second_sigterm unbind
check_closed_reason "$MC_LOG" forced 2 || true
send_signal "$ESME_PID" CONT
end_esme unbind

# ---------------------------------------------------------------- waiting in the drain

# Trace: request_received shows when the MC holds all 4 submits (their responses owed).
start_mc_as drain trace "${WAIT_ARGS[@]}" --response-delay-ms 30000
start_esme_as drain --system-id sid1 --password pass1 --enquire-link-interval 0 --messages 4 \
  --response-timeout 60
expect_events "$MC_LOG" "smpp-mc (drain)" request_received 4 15 "$MC_PID" || true
first_sigterm
expect_events "$MC_LOG" "smpp-mc (drain)" shutdown_started 1 10 "$MC_PID" || true
second_sigterm drain
check_no_event "$MC_LOG" "smpp-mc (drain)" unbind_sent || true
check_closed_reason "$MC_LOG" forced 1 || true
end_esme drain

SCEN_PRINT_LOGS=on-failure
scen_print_logs
scen_end

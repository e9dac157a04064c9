#!/usr/bin/env bash
# What the HTTP API costs the SMPP path (issue #10): W1 (one session, window 256, 1,000,000
# submit_sm of 20 bytes; bench/run.sh's 100,000 take 70 ms here, less than one scrape interval)
# against three long-lived smpp-mc:
#
#   a  no --http
#   b  --http, scraped: GET /metrics every 100 ms (scenarios/slow-http-client.py scrape)
#   c  --http, hostile: a client trickling a header and one never reading /messages?limit=1000,
#      held open throughout (each reconnects whenever the MC closes it at --http-timeout)
#
# Rounds run a, b, c in turn ($SMPP_BENCH_REPEATS rounds, default 5), so a change in the
# machine's speed falls on all three alike; the report is each one's median msg/s (and p99) and
# the ratios b/a and c/a. Targets b/a >= 0.95 and c/a >= 0.90: a missed target is reported, not
# failed; a failed run (non-zero exit, a message not accepted, a client gone) exits non-zero.
# Builds a Release tree like bench/run.sh ($SMPP_BENCH_BUILD_DIR, default build-bench/).
#
#   bench/http.sh
#   SMPP_BENCH_REPEATS=9 SMPP_BENCH_MESSAGES=2000000 bench/http.sh
set -euo pipefail

BENCH_TAG=bench-http
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REPEATS="${SMPP_BENCH_REPEATS:-5}"
MESSAGES="${SMPP_BENCH_MESSAGES:-1000000}"
TEXT='Benchmark text 20 ch' # exactly 20 bytes, all GSM 7-bit, as in bench/run.sh
SCRAPED_TARGET=0.95
HOSTILE_TARGET=0.90
CLIENT="$ROOT/scenarios/slow-http-client.py"
PYTHON=/usr/bin/python3 # the client needs only the standard library
[[ -x "$PYTHON" ]] || PYTHON="$(command -v python3)"

positive SMPP_BENCH_REPEATS "$REPEATS"
positive SMPP_BENCH_MESSAGES "$MESSAGES"

build smpp-mc smpp-esme

# --- processes and cleanup -------------------------------------------------
workdir smpp-bench-http
declare -A MC_PID=() SMPP_PORT=() HTTP_PORT=()
CLIENT_PIDS=()
stop() {
  local pid
  for pid in "${CLIENT_PIDS[@]}" "${MC_PID[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
}

# start_mc NAME [ARGS...]: one long-lived smpp-mc, as bench/run.sh starts it.
start_mc() {
  local name="$1"
  shift
  "$MC_BIN" --listen 127.0.0.1:0 --port-file "$WORK/$name.port" --log-level warn --enquire-link-interval 0 \
    "$@" 2>"$WORK/$name.mc.log" &
  MC_PID[$name]=$!
  wait_file "$WORK/$name.port" "${MC_PID[$name]}" || { cat "$WORK/$name.mc.log" >&2; fail "smpp-mc $name did not listen"; }
  SMPP_PORT[$name]="$(<"$WORK/$name.port")"
  if [[ " $* " == *" --http "* ]]; then
    wait_file "$WORK/$name.http" "${MC_PID[$name]}" || fail "smpp-mc $name wrote no --http-port-file"
    HTTP_PORT[$name]="$(<"$WORK/$name.http")"
  fi
  say "smpp-mc $name (pid ${MC_PID[$name]}) on 127.0.0.1:${SMPP_PORT[$name]}${HTTP_PORT[$name]:+, HTTP ${HTTP_PORT[$name]}}"
}

# client MC MODE: slow-http-client.py MODE --forever against MC's HTTP port until the end.
client() {
  "$PYTHON" "$CLIENT" "$2" --port "${HTTP_PORT[$1]}" --forever >"$WORK/$1.$2.out" 2>&1 &
  CLIENT_PIDS+=($!)
}

start_mc a
start_mc b --http 127.0.0.1:0 --http-port-file "$WORK/b.http"
start_mc c --http 127.0.0.1:0 --http-port-file "$WORK/c.http"
client b scrape
client c trickle
client c stall
for mode in trickle stall; do # held before the first round
  for _ in $(seq 100); do
    grep -q '"event":"connected"' "$WORK/c.$mode.out" 2>/dev/null && break
    sleep 0.05
  done
  grep -q '"event":"connected"' "$WORK/c.$mode.out" || fail "the $mode client did not connect: $(cat "$WORK/c.$mode.out")"
done
read -r LOAD_BEFORE _ </proc/loadavg

# --- one run ---------------------------------------------------------------
# run_esme NAME ROUND: W1 against smpp-mc NAME; sets RUN_MSG_S and RUN_P99.
run_esme() {
  local name="$1" out="$WORK/$1-$2.out" rc=0 pid
  for pid in "${MC_PID[@]}" "${CLIENT_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "pid $pid (an smpp-mc or a client) is gone before $name-$2"
  done
  "$ESME_BIN" --host 127.0.0.1 --port "${SMPP_PORT[$name]}" --sessions 1 --messages "$MESSAGES" --window 256 \
    --text "$TEXT" --log-level warn --enquire-link-interval 0 >"$out" 2>&1 || rc=$?
  w1_outcome "$name-$2" "$out" "$rc" "$WORK/$name.mc.log"
  RUN_P99="$(sed -E 's/.* p99 ([0-9.]+) us.*/\1/' <<<"$RUN_SUMMARY")"
  say "$name-$2: $RUN_SUMMARY"
}

declare -A MSG_S=() P99=() MED=()
# A fresh MC is slower until its message store has filled once (every new page faults; see the
# README's benchmark section): one round, not counted, brings the three to the same footing.
for name in a b c; do run_esme "$name" warm-up; done
for ((round = 1; round <= REPEATS; round++)); do
  for name in a b c; do
    run_esme "$name" "$round"
    MSG_S[$name]+="$RUN_MSG_S " P99[$name]+="$RUN_P99 "
  done
done

# The clients' own account: scrapes answered, hostile connections the MC closed.
for pid in "${CLIENT_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
wait "${CLIENT_PIDS[@]}" 2>/dev/null || true
CLIENT_PIDS=()
summary_of() { grep '"event":"summary"' "$WORK/$1.out" | sed -E 's/.*"mode":"[a-z]+",//; s/[{}"]//g' || echo "no summary"; }

# --- report ----------------------------------------------------------------
read -r LOAD_AFTER _ </proc/loadavg
echo
echo "W1 (1 session, window 256, $MESSAGES submit_sm of 20 bytes) against three smpp-mc; median of $REPEATS rounds"
echo "$(nproc) CPUs; 1-minute load average $LOAD_BEFORE before, $LOAD_AFTER after"
printf '%-44s %10s %8s\n' "smpp-mc" msg/s "p99 us"
declare -A TITLE=([a]="a  no --http" [b]="b  --http, GET /metrics every 100 ms" [c]="c  --http, trickle + stall clients held")
for name in a b c; do
  read -r -a values <<<"${MSG_S[$name]}"
  MED[$name]="$(median "${values[@]}")"
  read -r -a values <<<"${P99[$name]}"
  printf '%-44s %10s %8s\n' "${TITLE[$name]}" "${MED[$name]}" "$(median "${values[@]}")"
done
echo "scrape client: $(summary_of b.scrape); trickle: $(summary_of c.trickle); stall: $(summary_of c.stall)"
echo
B_A="$(ratio "${MED[b]}" "${MED[a]}")"
C_A="$(ratio "${MED[c]}" "${MED[a]}")"
printf 'target b/a >= %s:  %s  %s\n' "$SCRAPED_TARGET" "$B_A" "$(verdict "$B_A >= $SCRAPED_TARGET")"
printf 'target c/a >= %s:  %s  %s\n' "$HOSTILE_TARGET" "$C_A" "$(verdict "$C_A >= $HOSTILE_TARGET")"

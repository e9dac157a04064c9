#!/usr/bin/env bash
# The benchmark: smpp-esme against smpp-mc on loopback, plus a bare TCP
# ping-pong as the floor for a window-1 round trip.
#
#   W1  one session, window 256, 100,000 submit_sm of 20 bytes
#   W3  one session, window 1,    20,000 submit_sm of 20 bytes
#   W1r W1 with --registered-delivery 1 --wait-receipts 30: every receipt
#       parsed and matched; its msg/s is printed next to W1's, since receipt
#       matching must not slow the submit path down
#
# Builds a Release tree (build-bench/, or $SMPP_BENCH_BUILD_DIR) through
# cmake/bootstrap.sh, starts one smpp-mc, runs each workload and the ping-pong
# $SMPP_BENCH_REPEATS times (default 3) and prints the median of each column:
# messages/s and p50/p99 round trip as smpp-esme reports them, and the CPU
# (user+sys seconds) each side spent on the run. Then the targets:
# W1 >= 500,000 msg/s, and W3 p50 within 2x of the ping-pong p50.
#
# A missed target is reported, not failed: this is a benchmark, not a test.
# A run that fails (non-zero exit, a message not accepted, no summary) makes
# the script exit non-zero after printing that run's output.
#
#   bench/run.sh
#   SMPP_BENCH_BUILD_DIR=/tmp/b SMPP_BENCH_REPEATS=5 bench/run.sh
set -euo pipefail

BENCH_TAG=bench
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REPEATS="${SMPP_BENCH_REPEATS:-3}"
TEXT='Benchmark text 20 ch'  # exactly 20 bytes, all GSM 7-bit: a 20-byte short_message
PINGPONG_ROUND_TRIPS=20000
W1_TARGET_MSG_S=500000
W3_TARGET_RATIO=2.0

positive SMPP_BENCH_REPEATS "$REPEATS"
((${#TEXT} == 20)) || fail "internal: the message text must be 20 bytes"

# --- build -----------------------------------------------------------------
build smpp-mc smpp-esme smpp_tcp_pingpong
PINGPONG_BIN="$BUILD_DIR/bench/smpp_tcp_pingpong"
need_bins "$PINGPONG_BIN"

# --- how CPU is measured ---------------------------------------------------
# The ESME: GNU time's user+sys of the process (installed if missing and we
# are root), else the cutime+cstime a subshell sees in /proc once it has
# reaped the ESME. The MC runs through every workload: its CPU for one run is
# the change of utime+stime in /proc/PID/stat across that run.
GNU_TIME=""
if /usr/bin/time -f '%U' true >/dev/null 2>&1; then
  GNU_TIME=/usr/bin/time
elif [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  say "installing GNU time (package time) to measure CPU"
  if DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends time >&2 ||
    { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends time >&2; }; then
    GNU_TIME=/usr/bin/time
  else
    say "could not install GNU time: reading CPU from /proc instead"
  fi
else
  say "GNU time not found: reading CPU from /proc instead"
fi

# (stat_fields, own_ticks and ticks_to_s are bench/lib.sh's.)

# --- processes and cleanup -------------------------------------------------
workdir smpp-bench
MC_PID=""
ESME_PID=""
stop() {
  if [[ -n "$ESME_PID" ]] && kill -0 "$ESME_PID" 2>/dev/null; then
    kill -TERM "$ESME_PID" 2>/dev/null || true
  fi
  if [[ -n "$MC_PID" ]] && kill -0 "$MC_PID" 2>/dev/null; then
    kill -INT "$MC_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$MC_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$MC_PID" 2>/dev/null || true
  fi
}

"$MC_BIN" --listen 127.0.0.1:0 --port-file "$WORK/port" --log-level warn --enquire-link-interval 0 \
  2>"$WORK/mc.log" &
MC_PID=$!
if ! wait_file "$WORK/port" "$MC_PID"; then
  kill -0 "$MC_PID" 2>/dev/null || { cat "$WORK/mc.log" >&2; fail "smpp-mc exited before listening"; }
  fail "smpp-mc wrote no port file in 5 s"
fi
# Other work on the machine skews every figure: the report says how busy it was.
read -r LOAD_BEFORE _ </proc/loadavg
PORT="$(<"$WORK/port")"
say "smpp-mc pid $MC_PID listening on 127.0.0.1:$PORT"

# --- one run ---------------------------------------------------------------
# run_esme NAME MESSAGES WINDOW [ESME_ARGS...]: sets RUN_MSG_S RUN_P50 RUN_P99 RUN_ESME_CPU
# RUN_MC_CPU. With --registered-delivery, every receipt must have been matched too.
run_esme() {
  local name="$1" messages="$2" window="$3"
  shift 3
  local out="$WORK/$name.out" err="$WORK/$name.err" cpu="$WORK/$name.cpu"
  local esme=("$ESME_BIN" --host 127.0.0.1 --port "$PORT" --sessions 1 --messages "$messages"
    --window "$window" --text "$TEXT" --log-level warn --enquire-link-interval 0 "$@")
  local receipts_ok=1
  [[ " $* " == *" --registered-delivery "* ]] && receipts_ok=0
  local mc_before mc_after rc=0
  kill -0 "$MC_PID" 2>/dev/null || { cat "$WORK/mc.log" >&2; fail "smpp-mc is no longer running"; }
  mc_before="$(own_ticks "$MC_PID")"
  if [[ -n "$GNU_TIME" ]]; then
    "$GNU_TIME" -o "$cpu" -f '%U %S' "${esme[@]}" >"$out" 2>"$err" &
  else
    (
      rc=0
      "${esme[@]}" >"$out" 2>"$err" || rc=$?
      stat_fields "$BASHPID"
      ticks_to_s $((STAT[13] + STAT[14])) >"$cpu"
      exit "$rc"
    ) &
  fi
  ESME_PID=$!
  wait "$ESME_PID" || rc=$?
  ESME_PID=""
  mc_after="$(own_ticks "$MC_PID")"

  local summary
  summary="$(grep -E '^throughput ' "$out" || true)"
  ((receipts_ok)) || ! grep -qE "^receipts matched $messages of $messages expected" "$out" || receipts_ok=1
  if ((rc != 0)) || [[ -z "$summary" ]] || ! grep -qE "^messages $messages = accepted $messages " "$out" ||
    ((!receipts_ok)); then
    say "$name failed (smpp-esme exit code $rc); its output:"
    cat "$out" "$err" >&2
    say "smpp-mc log:"
    cat "$WORK/mc.log" >&2
    exit 1
  fi
  # throughput N msg/s over S s; round trip p50 X us, p90 X us, p99 X us, max X us
  RUN_MSG_S="$(sed -E 's/^throughput ([0-9.]+) msg\/s.*/\1/' <<<"$summary")"
  RUN_P50="$(sed -E 's/.* p50 ([0-9.]+) us.*/\1/' <<<"$summary")"
  RUN_P99="$(sed -E 's/.* p99 ([0-9.]+) us.*/\1/' <<<"$summary")"
  if [[ -n "$GNU_TIME" ]]; then
    RUN_ESME_CPU="$(awk '{ printf "%.2f", $1 + $2 }' "$cpu")"
  else
    RUN_ESME_CPU="$(<"$cpu")"
  fi
  RUN_MC_CPU="$(ticks_to_s $((mc_after - mc_before)))"
  say "$name: $summary; ESME CPU ${RUN_ESME_CPU} s, MC CPU ${RUN_MC_CPU} s"
}

# workload NAME MESSAGES WINDOW [ESME_ARGS...]: REPEATS runs, one table row of medians.
ROWS=()
workload() {
  local name="$1" messages="$2" window="$3" i
  shift 3
  local msg_s=() p50=() p99=() esme_cpu=() mc_cpu=()
  for ((i = 1; i <= REPEATS; i++)); do
    run_esme "$name-$i" "$messages" "$window" "$@"
    msg_s+=("$RUN_MSG_S") p50+=("$RUN_P50") p99+=("$RUN_P99")
    esme_cpu+=("$RUN_ESME_CPU") mc_cpu+=("$RUN_MC_CPU")
  done
  MED_MSG_S="$(median "${msg_s[@]}")"
  MED_P50="$(median "${p50[@]}")"
  MED_P99="$(median "${p99[@]}")"
  ROWS+=("$(printf '%-22s %9s %10s %8s %8s %10s %9s' "$name (window $window)" "$messages" "$MED_MSG_S" \
    "$MED_P50" "$MED_P99" "$(median "${esme_cpu[@]}")" "$(median "${mc_cpu[@]}")")")
}

workload W1 100000 256
W1_MSG_S="$MED_MSG_S"
workload W3 20000 1
W3_P50="$MED_P50"
workload W1r 100000 256 --registered-delivery 1 --wait-receipts 30
W1R_MSG_S="$MED_MSG_S"

# --- the floor -------------------------------------------------------------
pp_p50=() pp_p99=()
for ((i = 1; i <= REPEATS; i++)); do
  line="$("$PINGPONG_BIN" "$PINGPONG_ROUND_TRIPS")" || fail "smpp_tcp_pingpong failed"
  say "ping-pong-$i: $line"
  pp_p50+=("$(sed -E 's/.* p50 ([0-9.]+) us.*/\1/' <<<"$line")")
  pp_p99+=("$(sed -E 's/.* p99 ([0-9.]+) us.*/\1/' <<<"$line")")
done
PP_P50="$(median "${pp_p50[@]}")"
ROWS+=("$(printf '%-22s %9s %10s %8s %8s %10s %9s' "tcp ping-pong" "$PINGPONG_ROUND_TRIPS" "-" \
  "$PP_P50" "$(median "${pp_p99[@]}")" "-" "-")")

# --- report ----------------------------------------------------------------
RATIO="$(ratio "$W3_P50" "$PP_P50" 2)"

echo
read -r LOAD_AFTER _ </proc/loadavg
echo "smpp-esme -> smpp-mc on 127.0.0.1, 1 session, 20-byte text; median of $REPEATS runs"
echo "$(nproc) CPUs; 1-minute load average $LOAD_BEFORE before, $LOAD_AFTER after"
printf '%-22s %9s %10s %8s %8s %10s %9s\n' workload messages msg/s "p50 us" "p99 us" "ESME CPU s" "MC CPU s"
printf '%s\n' "${ROWS[@]}"
echo
printf 'target W1 >= %s msg/s:                  %s msg/s  %s\n' "$W1_TARGET_MSG_S" "$W1_MSG_S" \
  "$(verdict "$W1_MSG_S >= $W1_TARGET_MSG_S")"
printf 'W1 with receipts (W1r):                  %s msg/s  (W1 %s msg/s)\n' "$W1R_MSG_S" "$W1_MSG_S"
printf 'target W3 p50 / ping-pong p50 <= %s:    %s / %s = %s  %s\n' "$W3_TARGET_RATIO" "$W3_P50" "$PP_P50" "$RATIO" \
  "$(verdict "$RATIO <= $W3_TARGET_RATIO")"

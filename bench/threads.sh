#!/usr/bin/env bash
# What smpp-mc --threads 2 buys (issue #12): W1 over four sessions (window 256 each,
# $SMPP_BENCH_MESSAGES submit_sm of 20 bytes, default 400,000) against two long-lived smpp-mc:
#
#   a  --threads 1
#   b  --threads 2
#   n  node-smpp's client against node-smpp's server (bench/w1_node.js), the same W1; skipped,
#      with a note, when node or interop/node_modules/smpp is missing
#
# Rounds run a, b (and n) in turn ($SMPP_BENCH_REPEATS rounds, default 5), so a change in the
# machine's speed falls on all alike. The report is each one's median msg/s and the CPU seconds
# of each process per round (GNU time for the ESME, /proc/PID/stat for the MC), the ratio b/a against
# the target 1.6, and the ceiling the CPUs allow: with the ESME on the same machine, msg/s can
# not exceed CPUs / (ESME + MC CPU seconds per message), whatever the MC's threads. A missed
# target is reported, not failed; a failed run exits non-zero. Then n's median msg/s and the
# ratios a/n and b/n. Builds a Release tree like
# bench/run.sh ($SMPP_BENCH_BUILD_DIR, default build-bench/).
#
#   bench/threads.sh
#   SMPP_BENCH_REPEATS=9 bench/threads.sh
set -euo pipefail

BENCH_TAG=bench-threads
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REPEATS="${SMPP_BENCH_REPEATS:-5}"
MESSAGES="${SMPP_BENCH_MESSAGES:-400000}"
SESSIONS=4
TEXT='Benchmark text 20 ch' # exactly 20 bytes, all GSM 7-bit, as in bench/run.sh
TARGET=1.6

positive SMPP_BENCH_REPEATS "$REPEATS"
positive SMPP_BENCH_MESSAGES "$MESSAGES"
[[ -x /usr/bin/time ]] || fail "GNU time (Debian package time) is needed for the ESME's CPU"

build smpp-mc smpp-esme
find_node

workdir smpp-bench-threads
declare -A MC_PID=() SMPP_PORT=()
stop() {
  local pid
  for pid in "${MC_PID[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
}
NAMES=(a b)

# start_mc NAME THREADS: one long-lived smpp-mc, as bench/run.sh starts it.
start_mc() {
  local name="$1"
  "$MC_BIN" --listen 127.0.0.1:0 --port-file "$WORK/$name.port" --log-level warn --enquire-link-interval 0 \
    --threads "$2" 2>"$WORK/$name.mc.log" &
  MC_PID[$name]=$!
  wait_file "$WORK/$name.port" "${MC_PID[$name]}" || { cat "$WORK/$name.mc.log" >&2; fail "smpp-mc $name did not listen"; }
  SMPP_PORT[$name]="$(<"$WORK/$name.port")"
  say "smpp-mc $name --threads $2 (pid ${MC_PID[$name]}) on 127.0.0.1:${SMPP_PORT[$name]}"
}

start_mc a 1
start_mc b 2

# start_node: node-smpp's server (bench/w1_node.js), long-lived as the two smpp-mc are, as "n".
start_node() {
  "$NODE_BIN" "$ROOT/bench/w1_node.js" server --port-file "$WORK/n.port" 2>"$WORK/n.mc.log" &
  MC_PID[n]=$!
  wait_file "$WORK/n.port" "${MC_PID[n]}" 10 || { cat "$WORK/n.mc.log" >&2; fail "node-smpp's server did not listen"; }
  SMPP_PORT[n]="$(<"$WORK/n.port")"
  say "node-smpp n (pid ${MC_PID[n]}) on 127.0.0.1:${SMPP_PORT[n]}"
  NAMES+=(n)
}
((HAVE_NODE)) && start_node

# run_esme NAME ROUND: W1 over four sessions against smpp-mc NAME; sets RUN_MSG_S, RUN_ESME_CPU,
# RUN_MC_CPU and RUN_LOAD.
run_esme() {
  local name="$1" out="$WORK/$1-$2.out" cpu="$WORK/$1-$2.cpu" rc=0 before after
  kill -0 "${MC_PID[$name]}" 2>/dev/null || fail "smpp-mc $name is gone before round $2"
  before="$(own_ticks "${MC_PID[$name]}")"
  if [[ "$name" == n ]]; then
    run_node_client "$out" "$cpu" || rc=$?
    after="$(own_ticks "${MC_PID[$name]}")"
    read -r RUN_LOAD _ </proc/loadavg
    node_result "$name-$2" "$rc" "$out" "$cpu" "$((after - before))"
    return
  fi
  /usr/bin/time -o "$cpu" -f '%U %S' "$ESME_BIN" --host 127.0.0.1 --port "${SMPP_PORT[$name]}" \
    --sessions "$SESSIONS" --messages "$MESSAGES" --window 256 --text "$TEXT" --log-level warn \
    --enquire-link-interval 0 >"$out" 2>&1 || rc=$?
  after="$(own_ticks "${MC_PID[$name]}")"
  read -r RUN_LOAD _ </proc/loadavg
  w1_outcome "$name-$2" "$out" "$rc" "$WORK/$name.mc.log"
  RUN_ESME_CPU="$(awk '{ printf "%.2f", $1 + $2 }' "$cpu")"
  RUN_MC_CPU="$(ticks_to_s $((after - before)))"
  say "$name-$2: $RUN_MSG_S msg/s; ESME CPU $RUN_ESME_CPU s, MC CPU $RUN_MC_CPU s; load $RUN_LOAD"
}

# run_node_client OUT CPU: the same W1 through node-smpp's client (bench/w1_node.js).
run_node_client() {
  /usr/bin/time -o "$2" -f '%U %S' "$NODE_BIN" "$ROOT/bench/w1_node.js" client --port "${SMPP_PORT[n]}" \
    --sessions "$SESSIONS" --messages "$MESSAGES" --window 256 --text "$TEXT" >"$1" 2>&1
}
# node_result RUN RC OUT CPU MC_TICKS: run_esme's checks and RUN_* for node-smpp's client, whose
# one line is {"messages":N,"msg_s":...,"elapsed_s":...}.
node_result() {
  local line
  line="$(grep -E "^\{\"messages\":$MESSAGES,\"msg_s\":[0-9]+," "$3" || true)"
  if (($2 != 0)) || [[ -z "$line" ]]; then
    say "$1 failed (node-smpp's client exit code $2); its output:"
    cat "$3" "$WORK/n.mc.log" >&2
    exit 1
  fi
  RUN_MSG_S="$(sed -E 's/.*"msg_s":([0-9]+).*/\1/' <<<"$line")"
  RUN_ESME_CPU="$(awk '{ printf "%.2f", $1 + $2 }' "$4")"
  RUN_MC_CPU="$(ticks_to_s "$5")"
  say "$1: $RUN_MSG_S msg/s; client CPU $RUN_ESME_CPU s, server CPU $RUN_MC_CPU s; load $RUN_LOAD"
}

read -r LOAD_BEFORE _ </proc/loadavg
declare -A MSG_S=() ESME_CPU=() MC_CPU=() LOADS=() MED=()
for ((round = 1; round <= REPEATS; round++)); do
  for name in "${NAMES[@]}"; do
    run_esme "$name" "$round"
    MSG_S[$name]+="$RUN_MSG_S " ESME_CPU[$name]+="$RUN_ESME_CPU " MC_CPU[$name]+="$RUN_MC_CPU "
    LOADS[$name]+="$RUN_LOAD "
  done
done
read -r LOAD_AFTER _ </proc/loadavg

# --- report ----------------------------------------------------------------
of() { # NAME ARRAY: the median of that array's values for NAME
  local -n values_of="$2"
  local values
  read -r -a values <<<"${values_of[$1]}"
  median "${values[@]}"
}
CPUS="$(nproc)"
echo
echo "W1 over $SESSIONS sessions (window 256 each, $MESSAGES submit_sm of 20 bytes); median of $REPEATS rounds, a and b in turn"
echo "$CPUS CPUs, shared with other work; 1-minute load average $LOAD_BEFORE before, $LOAD_AFTER after"
printf '%-16s %10s %11s %9s %13s %11s  %s\n' smpp-mc msg/s "ESME CPU s" "MC CPU s" "ceiling msg/s" "us CPU/msg" "load after each round"
for name in "${NAMES[@]}"; do
  MED[$name]="$(of "$name" MSG_S)"
  esme="$(of "$name" ESME_CPU)" mc="$(of "$name" MC_CPU)"
  # Both processes' CPU per message bounds what the CPUs can do together.
  ceiling="$(awk -v c="$CPUS" -v e="$esme" -v m="$mc" -v n="$MESSAGES" 'BEGIN { printf "%.0f", (e + m > 0 ? c * n / (e + m) : 0) }')"
  per_msg="$(awk -v e="$esme" -v m="$mc" -v n="$MESSAGES" 'BEGIN { printf "%.2f+%.2f", e * 1e6 / n, m * 1e6 / n }')"
  title="$name  node-smpp"
  [[ "$name" == a ]] && title="a  --threads 1"
  [[ "$name" == b ]] && title="b  --threads 2"
  printf '%-16s %10s %11s %9s %13s %11s  %s\n' "$title" "${MED[$name]}" "$esme" "$mc" "$ceiling" \
    "$per_msg" "${LOADS[$name]}"
done
echo "(us CPU/msg: ESME+MC; the ceiling is $CPUS CPUs over both, were nothing else running)"
if ((HAVE_NODE)); then
  echo "(n: node-smpp's client against node-smpp's server, bench/w1_node.js, the same W1 in the same rounds after a and b; its ESME and MC CPU are the client's and the server's)"
else
  echo "(n: not run, node or interop/node_modules/smpp missing)"
fi
echo
RATIO="$(ratio "${MED[b]}" "${MED[a]}")"
printf 'target b/a >= %s:  %s  %s\n' "$TARGET" "$RATIO" "$(verdict "$RATIO >= $TARGET" missed)"
if ((HAVE_NODE)); then
  printf 'against node-smpp (n %s msg/s):  a/n %s  b/n %s\n' "${MED[n]}" "$(ratio "${MED[a]}" "${MED[n]}")" \
    "$(ratio "${MED[b]}" "${MED[n]}")"
fi

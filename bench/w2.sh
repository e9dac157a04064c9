#!/usr/bin/env bash
# W2: one client process binds N transceivers at once, stays bound idle, then unbinds them all
# at once; smpp-esme against smpp-mc, and node-smpp's client against node-smpp's server
# (bench/w2_node.js) in the same run, side by side. For N = 1,000 and 10,000 (or the N given):
#
#   bind all     from the client's start to the last bind_resp in
#   unbind all   from SIGINT to the client's exit: every unbind_resp in, every socket closed
#   RSS/session  server: (RSS bound - RSS listening) / N; client: (RSS at N - RSS at 1) / (N - 1)
#
# smpp-esme runs at its default log level (info, JSON lines). Targets at 10,000 (issue #12):
# bind all <= 0.25 s, unbind all <= 0.15 s, RSS <= 4 KiB per session on both sides; reported,
# not failed. Builds a Release tree like bench/run.sh ($SMPP_BENCH_BUILD_DIR, default build-bench/).
#
#   bench/w2.sh            bench/w2.sh 2000 5000
set -euo pipefail

BENCH_TAG=w2
# shellcheck source=lib.sh source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SIZES=("$@")
((${#SIZES[@]})) || SIZES=(1000 10000)
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

build smpp-mc smpp-esme
find_node
# node does not raise its descriptor limit itself.
ulimit -n "$(ulimit -Hn)"

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
now_s() { date +%s.%N; }
log_ts_s() { date -d "$(sed -n 's/.*"ts":"\([^"]*\)".*/\1/p' <<<"$1")" +%s.%N; }
wait_lines() { # FILE PATTERN N PID SECONDS
  local i n
  for ((i = 0; i < $5 * 20; i++)); do
    n="$(grep -c "$2" "$1" 2>/dev/null)" || true
    ((${n:-0} >= $3)) && return 0
    kill -0 "$4" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# run_ours N: prints "bind_s unbind_s server_kib_per_session client_rss_kib"
# Both run in a command substitution, so their fail ends only that subshell: its EXIT trap stops
# what it started, and the caller exits on the subshell's status.
run_ours() {
  local n="$1" d="$TMP/ours$1" mc="" esme="" t0 t1 base bound_kib client_kib last done_line
  trap 'kill $mc $esme 2>/dev/null || true' EXIT
  mkdir -p "$d"
  "$MC_BIN" --listen 127.0.0.1:0 --port-file "$d/port" --max-sessions 20000 --log-level warn >"$d/mc.log" 2>&1 &
  mc=$!
  wait_file "$d/port" "$mc" 10 || fail "smpp-mc did not start: $(tail -3 "$d/mc.log")"
  sleep 0.2
  base="$(rss_kib "$mc")"
  t0="$(now_s)"
  "$ESME_BIN" --host 127.0.0.1 --port "$(cat "$d/port")" --sessions "$n" --log-format json >"$d/esme.log" 2>&1 &
  esme=$!
  wait_lines "$d/esme.log" '"event":"bound"' "$n" "$esme" 60 || fail "smpp-esme did not bind $n sessions"
  last="$(grep '"event":"bound"' "$d/esme.log" | tail -n 1)"
  sleep 0.5
  bound_kib="$(rss_kib "$mc")"
  client_kib="$(rss_kib "$esme")"
  t1="$(now_s)"
  kill -INT "$esme"
  wait "$esme" || fail "smpp-esme exited with $? on SIGINT"
  done_line="$(grep '"event":"shutdown_complete"' "$d/esme.log")"
  kill -TERM "$mc"
  wait "$mc" || true
  awk -v a="$(log_ts_s "$last")" -v t0="$t0" -v b="$(log_ts_s "$done_line")" -v t1="$t1" \
    -v s0="$base" -v s1="$bound_kib" -v n="$n" -v c="$client_kib" \
    'BEGIN { printf "%.3f %.3f %.2f %d\n", a - t0, b - t1, (s1 - s0) / n, c }'
}

# run_node N: the same figures for node-smpp
run_node() {
  local n="$1" d="$TMP/node$1" srv="" cli="" base bound_kib client_kib
  trap 'kill $srv $cli 2>/dev/null || true' EXIT
  mkdir -p "$d"
  "$NODE_BIN" "$ROOT/bench/w2_node.js" server --port-file "$d/port" >"$d/server.log" 2>&1 &
  srv=$!
  wait_file "$d/port" "$srv" 10 || fail "node server did not start: $(tail -3 "$d/server.log")"
  sleep 0.2
  base="$(rss_kib "$srv")"
  "$NODE_BIN" "$ROOT/bench/w2_node.js" client --port "$(cat "$d/port")" --sessions "$n" >"$d/client.out" 2>"$d/client.err" &
  cli=$!
  wait_lines "$d/client.out" '"bound"' 1 "$cli" 120 || fail "node client did not bind: $(tail -3 "$d/client.err")"
  sleep 0.5
  bound_kib="$(rss_kib "$srv")"
  client_kib="$(rss_kib "$cli")"
  kill -INT "$cli"
  wait "$cli" || fail "node client exited with $?: $(tail -3 "$d/client.err")"
  kill -TERM "$srv"
  wait "$srv" || true
  "$NODE_BIN" -e '
    const [b, u] = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
    const [s0, s1, n, c] = process.argv.slice(2).map(Number);
    console.log(`${b.bind_s.toFixed(3)} ${u.unbind_s.toFixed(3)} ${((s1 - s0) / n).toFixed(2)} ${c}`);
  ' "$d/client.out" "$base" "$bound_kib" "$n" "$client_kib"
}

per_session() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f", (b - a) / (n - 1) }'; }

figures="$(run_ours 1)" || exit 1
read -r _ _ _ ours_one <<<"$figures"
if ((HAVE_NODE)); then
  figures="$(run_node 1)" || exit 1
  read -r _ _ _ node_one <<<"$figures"
fi
printf '\n%-8s  %-34s  %-34s\n' "" "smpp-esme -> smpp-mc" "node-smpp -> node-smpp"
printf '%-8s  %8s %9s %7s %7s  %8s %9s %7s %7s\n' N "bind s" "unbind s" "MC KiB" "ESME KiB" "bind s" "unbind s" "srv KiB" "cli KiB"
for n in "${SIZES[@]}"; do
  figures="$(run_ours "$n")" || exit 1
  read -r ob ou os oc <<<"$figures"
  line="$(printf '%-8s  %8s %9s %7s %7s' "$n" "$ob" "$ou" "$os" "$(per_session "$ours_one" "$oc" "$n")")"
  if ((HAVE_NODE)); then
    figures="$(run_node "$n")" || exit 1
    read -r nb nu ns nc <<<"$figures"
    line+="$(printf '  %8s %9s %7s %7s' "$nb" "$nu" "$ns" "$(per_session "$node_one" "$nc" "$n")")"
  fi
  printf '%s\n' "$line"
done
printf '\nKiB: RSS per bound idle session. Targets at 10,000: bind <= 0.25 s, unbind <= 0.15 s, <= 4 KiB both sides.\n'

# shellcheck shell=bash
# What the scripts in bench/ share; sourced, after setting BENCH_TAG (the prefix of say's lines):
#
#   BENCH_TAG=bench-threads
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sourcing only defines: ROOT (the repository), BUILD_DIR ($SMPP_BENCH_BUILD_DIR, default
# build-bench/), CLK_TCK and the functions below. Nothing runs until a script calls it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${SMPP_BENCH_BUILD_DIR:-$ROOT/build-bench}"
CLK_TCK="$(getconf CLK_TCK)"

say() { printf '%s: %s\n' "$BENCH_TAG" "$*" >&2; }
fail() {
  say "$*"
  exit 1
}

# positive NAME VALUE: fails unless VALUE is a positive whole number (NAME is the variable's).
positive() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || fail "$1 must be a positive number"; }

# build TARGET...: a Release tree in BUILD_DIR through cmake/bootstrap.sh (its output on stderr);
# sets MC_BIN and ESME_BIN and fails unless they are there.
build() {
  local targets="$*"
  SMPP_BUILD_DIR="$BUILD_DIR" SMPP_BUILD_TYPE=Release SMPP_BUILD_TARGETS="$targets" \
    "$ROOT/cmake/bootstrap.sh" >&2
  MC_BIN="$BUILD_DIR/mc-cli/smpp-mc"
  ESME_BIN="$BUILD_DIR/esme-cli/smpp-esme"
  need_bins "$MC_BIN" "$ESME_BIN"
}
need_bins() { # BIN...
  local bin
  for bin in "$@"; do
    [[ -x "$bin" ]] || fail "not built: $bin"
  done
}

# find_node: NODE_BIN and HAVE_NODE (1 when node and interop/'s node-smpp are both there; else
# 0, said on stderr).
find_node() {
  NODE_BIN="$(command -v node || true)"
  HAVE_NODE=0
  [[ -n "$NODE_BIN" && -f "$ROOT/interop/node_modules/smpp/package.json" ]] && HAVE_NODE=1
  ((HAVE_NODE)) || say "node or node-smpp missing (interop/setup.sh installs it): our side only"
}

# workdir PREFIX: WORK, a fresh directory under $TMPDIR; at exit (and on SIGINT, SIGTERM) runs
# the script's stop function, if it defines one, waits for the children and removes WORK.
workdir() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if declare -F stop >/dev/null; then stop; fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
  exit "$rc"
}

# wait_file FILE PID [SECONDS]: the file holds something within SECONDS (default 5) while PID lives.
wait_file() {
  local i
  for ((i = 0; i < ${3:-5} * 20; i++)); do
    [[ -s "$1" ]] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# Fields of /proc/PID/stat after "pid (comm) ": 1 is field 3, so utime (14) is 12, stime (15) 13,
# cutime (16) 14 and cstime (17) 15.
stat_fields() { # PID: sets STAT
  local s
  s="$(<"/proc/$1/stat")"
  s="${s##*) }"
  read -r -a STAT <<<"$s"
}
own_ticks() { # PID: its utime + stime, in ticks
  stat_fields "$1"
  echo $((STAT[11] + STAT[12]))
}
ticks_to_s() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'; }

# w1_outcome RUN OUT RC MC_LOG: a W1 run of smpp-esme (output OUT, exit code RC) must have
# exited 0 with all $MESSAGES accepted; else says so with both logs and exits. Sets
# RUN_SUMMARY (its throughput line) and RUN_MSG_S.
# shellcheck disable=SC2034 # RUN_MSG_S is for the caller
w1_outcome() {
  RUN_SUMMARY="$(grep -E '^throughput ' "$2" || true)"
  if (($3 != 0)) || [[ -z "$RUN_SUMMARY" ]] || ! grep -qE "^messages $MESSAGES = accepted $MESSAGES " "$2"; then
    say "$1 failed (smpp-esme exit code $3); its output:"
    cat "$2" "$4" >&2
    exit 1
  fi
  RUN_MSG_S="$(sed -E 's/^throughput ([0-9.]+) msg\/s.*/\1/' <<<"$RUN_SUMMARY")"
}

# median VALUE...: the middle value (the lower middle for an even count).
median() { printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"; }
# ratio X Y [DECIMALS]: X / Y (0 when Y is 0), with DECIMALS (default 3) decimals.
ratio() { awk -v x="$1" -v y="$2" "BEGIN { printf \"%.${3:-3}f\", (y > 0 ? x / y : 0) }"; }
# verdict 'A OP B' [MISSED]: met, or MISSED (default NOT MET).
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "${2:-NOT MET}"; fi; }

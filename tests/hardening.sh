#!/usr/bin/env bash
# The hardening pass CI runs after tests/run.sh (see .ci/run and the README):
#
#  1. Sanitizer tree: everything built with SMPP_SANITIZE=address,undefined; the
#     unit, integration and scenario tests run and must pass with no AddressSanitizer,
#     UndefinedBehaviorSanitizer or LeakSanitizer report (the interop tests are
#     left to tests/run.sh).
#  2. Fuzz tree: clang++ with SMPP_FUZZ=ON; each fuzzer in fuzz/ runs for
#     SMPP_FUZZ_SECONDS from the seed corpus in fuzz/corpus/; a crash fails.
#
# Build trees: $SMPP_BUILD_DIR-asan and $SMPP_BUILD_DIR-fuzz (default build-asan/
# and build-fuzz/ in the repository). As root, cmake/bootstrap.sh installs the
# packages this needs beyond the normal build: clang and libclang-rt-14-dev.
#
#   tests/hardening.sh                        # both passes
#   SMPP_FUZZ_SECONDS=600 tests/hardening.sh  # fuzz longer
#   SMPP_HARDENING=fuzz tests/hardening.sh    # only one pass: sanitize or fuzz
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_DIR="${SMPP_BUILD_DIR:-$ROOT/build}"
ASAN_DIR="$BASE_DIR-asan"
FUZZ_DIR="$BASE_DIR-fuzz"
FUZZ_SECONDS="${SMPP_FUZZ_SECONDS:-60}"
PASSES="${SMPP_HARDENING:-sanitize fuzz}"
FUZZ_PACKAGES="clang libclang-rt-14-dev"

say() { printf 'hardening: %s\n' "$*"; }

# Reports go to files as well as failing the process: a scenario script that
# only checks an exit code it expected could otherwise let one through.
sanitize_pass() {
  # Debug (-O0): instrumented Asio code builds about 3x faster than at -O2, and
  # the tests mostly wait on sockets and deadlines anyway.
  say "building the sanitizer tree $ASAN_DIR (Debug, address,undefined)"
  SMPP_BUILD_DIR="$ASAN_DIR" SMPP_BUILD_TYPE=Debug SMPP_CMAKE_ARGS="-DSMPP_SANITIZE=address,undefined" \
    "$ROOT/cmake/bootstrap.sh" || return 1
  local reports="$ASAN_DIR/sanitizer-reports"
  rm -rf "$reports" && mkdir -p "$reports" || return 1
  say "running the unit, integration and scenario tests under ASan+UBSan"
  local rc=0
  ASAN_OPTIONS="detect_leaks=1:log_path=$reports/asan" \
    UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan" \
    ctest --test-dir "$ASAN_DIR" --output-on-failure --no-tests=error -j2 --timeout 240 -LE interop || rc=$?
  if compgen -G "$reports/*" >/dev/null; then
    say "sanitizer reports:"
    for f in "$reports"/*; do
      printf -- '--- %s\n' "$f"
      cat "$f"
    done
    rc=1
  fi
  if ((rc != 0)); then
    say "sanitizer pass FAILED"
    return 1
  fi
  say "sanitizer pass clean"
}

# Runs the fuzzers side by side (one per core); new inputs go to a scratch
# corpus in the build tree, never into fuzz/corpus/.
fuzz_pass() {
  say "building the fuzz tree $FUZZ_DIR (clang++, -fsanitize=fuzzer,address,undefined)"
  SMPP_BUILD_DIR="$FUZZ_DIR" SMPP_EXTRA_PACKAGES="$FUZZ_PACKAGES" \
    SMPP_CMAKE_ARGS="-DSMPP_FUZZ=ON -DCMAKE_CXX_COMPILER=/usr/bin/clang++" \
    "$ROOT/cmake/bootstrap.sh" || return 1
  local pids=() targets=() failed=0
  for seeds in "$ROOT"/fuzz/corpus/*/; do
    local target
    target="$(basename "$seeds")"
    local work="$FUZZ_DIR/fuzz-run/$target"
    rm -rf "$work" && mkdir -p "$work/corpus"
    say "fuzz_$target: ${FUZZ_SECONDS}s from $(find "$seeds" -type f | wc -l) seeds"
    "$FUZZ_DIR/fuzz/fuzz_$target" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -max_len=4096 -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds" \
      >"$work/log" 2>&1 &
    pids+=($!)
    targets+=("$target")
  done
  for i in "${!pids[@]}"; do
    local target="${targets[$i]}" work="$FUZZ_DIR/fuzz-run/${targets[$i]}"
    if wait "${pids[$i]}"; then
      say "fuzz_$target: $(grep -m1 -o 'Done [0-9]* runs in [0-9]* second(s)' "$work/log"), no crash"
    else
      failed=1
      say "fuzz_$target FAILED; its log:"
      tail -n 60 "$work/log"
      say "reproduce with: $FUZZ_DIR/fuzz/fuzz_$target $(ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null | head -n1)"
    fi
  done
  ((failed == 0)) && say "fuzz pass clean"
}

rc=0
for pass in $PASSES; do
  case "$pass" in
    sanitize) sanitize_pass || rc=1 ;;
    fuzz) fuzz_pass || rc=1 ;;
    *) say "unknown pass '$pass' in SMPP_HARDENING (sanitize, fuzz)"; exit 2 ;;
  esac
done
exit "$rc"

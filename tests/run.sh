#!/usr/bin/env bash
# The test command: builds (via cmake/bootstrap.sh) and runs every CTest test
# (unit, integration and the end-to-end scenarios). Exits with ctest's code.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${SMPP_BUILD_DIR:-$ROOT/build}"

"$ROOT/cmake/bootstrap.sh"
exec ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --timeout 120 "$@"

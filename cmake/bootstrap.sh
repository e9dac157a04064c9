#!/usr/bin/env bash
# Installs the Debian packages the build needs (when root), configures the
# build tree once and builds it. A second run only rebuilds what changed.
#
#   cmake/bootstrap.sh            # from any directory
#   SMPP_BUILD_DIR=/tmp/b cmake/bootstrap.sh
#   SMPP_BUILD_TYPE=Release SMPP_BUILD_TARGETS="smpp-mc smpp-esme" cmake/bootstrap.sh
#
# SMPP_BUILD_TYPE (default RelWithDebInfo) is the CMAKE_BUILD_TYPE; when set and
# the build tree was configured with another type, it is re-configured.
# SMPP_BUILD_TARGETS (default: everything) limits what is built.
# SMPP_CMAKE_ARGS adds CMake options (applied to an existing tree too), and
# SMPP_EXTRA_PACKAGES more Debian packages: tests/hardening.sh uses them for
# its sanitizer and fuzz trees.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${SMPP_BUILD_DIR:-$ROOT/build}"
BUILD_TYPE="${SMPP_BUILD_TYPE:-RelWithDebInfo}"
read -r -a TARGETS <<<"${SMPP_BUILD_TARGETS:-}"
read -r -a CMAKE_ARGS <<<"${SMPP_CMAKE_ARGS:-}"
read -r -a EXTRA_PACKAGES <<<"${SMPP_EXTRA_PACKAGES:-}"

PACKAGES=(
  cmake
  g++
  ninja-build
  libboost1.81-dev
  libboost-program-options1.81-dev
  libspdlog-dev
  libgtest-dev
  nlohmann-json3-dev
  tshark
  libssl-dev
  libpcap-dev
  openssl
  help2man
  pkg-config
  dpkg-dev
  file
)

say() { printf 'bootstrap: %s\n' "$*"; }

# Shows BUILD_DIR relative to the repository when it lies inside it.
show_dir() {
  case "$1" in
    "$ROOT"/*) printf '%s/' "${1#"$ROOT"/}" ;;
    *) printf '%s' "$1" ;;
  esac
}

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "dpkg-query not found: this script expects Debian 12; install these yourself: ${PACKAGES[*]}"
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}" "${EXTRA_PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

# The interop tests (interop/) need node and npm; without them they are
# skipped, so these are optional. Only a missing command is installed: a node
# from elsewhere (NodeSource bundles npm and conflicts with Debian's) stays.
optional=()
command -v node >/dev/null 2>&1 || optional+=(nodejs)
command -v npm >/dev/null 2>&1 || optional+=(npm)

wanted=("${missing[@]}" "${optional[@]}")
if ((${#wanted[@]} > 0)); then
  if [[ "$(id -u)" -eq 0 ]]; then
    say "installing ${wanted[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # tshark's wireshark-common asks whether non-root users may capture: no (the wire check runs as root).
    echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
    apt-get update
    apt-get install -y --no-install-recommends "${wanted[@]}"
  elif ((${#missing[@]} > 0)); then
    say "missing packages: ${wanted[*]}"
    say "run as root:"
    printf '  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends %s\n' "${wanted[*]}"
    exit 1
  else
    say "no ${optional[*]}: the interop tests will be skipped; to run them, as root: apt-get install ${optional[*]}"
  fi
fi

# node-smpp for the interop tests, into interop/node_modules (skipped when up to date).
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if ! "$ROOT/interop/setup.sh"; then
    # On CI a skipped interop suite would pass unnoticed: there it is a failure.
    if [[ -n "${CI:-}" ]]; then
      say "interop/setup.sh failed (CI is set, so this is fatal)"
      exit 1
    fi
    say "interop/setup.sh failed: the interop tests will be skipped"
  fi
elif [[ -n "${CI:-}" ]]; then
  say "node or npm missing on CI: the interop tests cannot run"
  exit 1
fi

cd "$ROOT"

if [[ -n "${SMPP_BUILD_TYPE:-}" && -f "$BUILD_DIR/CMakeCache.txt" ]] &&
  ! grep -qx "CMAKE_BUILD_TYPE:STRING=$BUILD_TYPE" "$BUILD_DIR/CMakeCache.txt"; then
  say "re-configuring $(show_dir "$BUILD_DIR") for $BUILD_TYPE"
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "${CMAKE_ARGS[@]}"
elif [[ -f "$BUILD_DIR/CMakeCache.txt" ]] && ((${#CMAKE_ARGS[@]} > 0)); then
  cmake -S "$ROOT" -B "$BUILD_DIR" "${CMAKE_ARGS[@]}"
elif [[ -f "$BUILD_DIR/CMakeCache.txt" && ( -f "$BUILD_DIR/build.ninja" || -f "$BUILD_DIR/Makefile" ) ]]; then
  : # configured; `cmake --build` re-runs CMake itself when a CMakeLists.txt changed
elif [[ -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  # An earlier configure stopped half-way: redo it with the cached generator.
  say "re-configuring $(show_dir "$BUILD_DIR")"
  cmake -S "$ROOT" -B "$BUILD_DIR"
else
  say "configuring $(show_dir "$BUILD_DIR") (Ninja, $BUILD_TYPE)"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "${CMAKE_ARGS[@]}"
fi

say "building in $(show_dir "$BUILD_DIR")"
rc=0
if ((${#TARGETS[@]} > 0)); then
  cmake --build "$BUILD_DIR" -j2 --target "${TARGETS[@]}" || rc=$?
else
  cmake --build "$BUILD_DIR" -j2 || rc=$?
fi
if ((rc != 0)); then
  say "build failed (exit code $rc)"
  exit "$rc"
fi
say "build done"

#!/usr/bin/env bash
# Proof (a): `cmake --install` into a scratch prefix; an out-of-tree project (consumer/) finds it
# with find_package(smpp CONFIG REQUIRED), links smpp::net, builds with Ninja, and its program
# binds, submits, unbinds against a real smpp-mc; so does the graceful_shutdown example,
# built the same way from outside the tree.
#
#   cmake-consumer.sh BUILD_DIR      (CTest sets the SMPP_* environment, see CMakeLists.txt)
SMPP_BUILD_DIR="$1"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tool cmake ninja "$SMPP_CXX" timeout

prefix="$PKG_TMP/prefix"
install_into "$prefix"

# Nothing installed may point back into the source or build tree: the package must stand alone.
if grep -rIl -e "$SMPP_SOURCE_DIR" -e "$SMPP_BUILD_DIR" "$prefix/$SMPP_INSTALL_LIBDIR/cmake" \
  "$prefix/$SMPP_INSTALL_LIBDIR/pkgconfig" >"$PKG_TMP/leaks" 2>&1; then
  cat "$PKG_TMP/leaks"
  die "installed package files name the source or build tree"
fi

flags=()
if [[ -n "${SMPP_SANITIZE:-}" ]]; then
  # The installed archives are instrumented: the consumer links the same runtime.
  flags=("-DCMAKE_CXX_FLAGS=-fsanitize=$SMPP_SANITIZE" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=$SMPP_SANITIZE")
fi
run_logged configure cmake -S "$SMPP_CONSUMER_DIR" -B "$PKG_TMP/build" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$SMPP_CXX" \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF "${flags[@]}" \
  -DSMPP_EXAMPLE="$SMPP_SOURCE_DIR/examples/graceful_shutdown.cpp"
found="$(sed -n 's/^smpp_DIR:PATH=//p' "$PKG_TMP/build/CMakeCache.txt")"
[[ "$found" == "$prefix/$SMPP_INSTALL_LIBDIR/cmake/smpp" ]] ||
  die "find_package(smpp) found '$found', not the scratch prefix's $prefix/$SMPP_INSTALL_LIBDIR/cmake/smpp"
pass "find_package(smpp) found $found"
run_logged build cmake --build "$PKG_TMP/build"
pass "the consumer built against smpp::net"

start_mc "$SMPP_MC_BIN"
run_consumer "$PKG_TMP/build/smpp-consumer"
rc=0
timeout 30 "$PKG_TMP/build/graceful-shutdown" 127.0.0.1 "$PKG_MC_PORT" >"$PKG_TMP/example.log" 2>&1 || rc=$?
sed 's/^/    graceful-shutdown: /' "$PKG_TMP/example.log"
((rc == 0)) || die "the graceful_shutdown example, built against the install, exited with code $rc"
for sid in sid1 sid2; do
  grep -q "\"system_id\":\"$sid\",\"event\":\"unbind_received\"" "$PKG_TMP/mc.log" ||
    die "smpp-mc logged no unbind_received for $sid"
done
pass "the graceful_shutdown example, built against the install, unbound both sessions"
stop_mc
pass "smpp-mc exited 0 on SIGTERM"

#!/usr/bin/env bash
# Proof (b): the consumer of (a) built with a plain compiler command line from
# `pkg-config --cflags --libs smpp` (PKG_CONFIG_PATH = the scratch prefix), run against smpp-mc.
#
#   pkgconfig-consumer.sh BUILD_DIR      (CTest sets the SMPP_* environment)
SMPP_BUILD_DIR="$1"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tool cmake pkg-config "$SMPP_CXX" timeout

prefix="$PKG_TMP/prefix"
install_into "$prefix"
export PKG_CONFIG_PATH="$prefix/$SMPP_INSTALL_LIBDIR/pkgconfig"
pcdir="$(pkg-config --variable pcfiledir smpp)" || die "pkg-config finds no smpp.pc in $PKG_CONFIG_PATH"
[[ "$pcdir" == "$PKG_CONFIG_PATH" ]] || die "pkg-config read the smpp.pc in $pcdir, not the scratch prefix's"

version="$(pkg-config --modversion smpp)" || die "pkg-config cannot read smpp.pc"
[[ "$version" == "$SMPP_VERSION" ]] || die "smpp.pc says version $version, the project is $SMPP_VERSION"
cflags="$(pkg-config --cflags smpp)"
libs="$(pkg-config --libs smpp)"
say "cflags: $cflags"
say "libs: $libs"
[[ " $cflags " == *" -DBOOST_ASIO_NO_DEPRECATED "* ]] || die "Cflags lack -DBOOST_ASIO_NO_DEPRECATED"
# The include directory is relative to smpp.pc (prefix/lib/pkgconfig/../../include).
incdir=""
for word in $cflags; do
  if [[ "$word" == -I* && -d "${word#-I}" && "$(cd "${word#-I}" && pwd -P)" == "$(cd "$prefix/include" && pwd -P)" ]]; then
    incdir="${word#-I}"
  fi
done
[[ -n "$incdir" ]] || die "Cflags have no -I for $prefix/include"
[[ -f "$incdir/smpp/session/session.hpp" ]] || die "$incdir holds no smpp/session/session.hpp"
for lib in -lsmpp_net -lsmpp_proto -lfmt -lssl -lcrypto; do
  [[ " $libs " == *" $lib "* ]] || die "Libs lack $lib"
done

flags=()
[[ -n "${SMPP_SANITIZE:-}" ]] && flags=("-fsanitize=$SMPP_SANITIZE")
# shellcheck disable=SC2086 # pkg-config's output is a list of words
run_logged compile "$SMPP_CXX" -std=c++20 "${flags[@]}" -o "$PKG_TMP/smpp-consumer" \
  "$SMPP_CONSUMER_DIR/main.cpp" $cflags $libs
pass "the consumer built with \$(pkg-config --cflags --libs smpp)"

start_mc "$SMPP_MC_BIN"
run_consumer "$PKG_TMP/smpp-consumer"
stop_mc
pass "smpp-mc exited 0 on SIGTERM"

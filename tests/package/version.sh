#!/usr/bin/env bash
# --version on both binaries (issue #11): the project version, and the commit when the tree was
# built from a git checkout; nothing made up where there is no checkout (a tarball, the .deb
# build). The man pages still build and list --version.
#
#   version.sh BUILD_DIR      (CTest sets the SMPP_* environment)
SMPP_BUILD_DIR="$1"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tool cmake gzip

# The commit cmake/version.cmake finds for DIR, or nothing.
commit_of() { cmake -DSMPP_VERSION_TEST_DIR="$1" -P "$SMPP_SOURCE_DIR/cmake/version.cmake" 2>&1; }

want_commit=""
if command -v git >/dev/null && [[ "$(git -C "$SMPP_SOURCE_DIR" rev-parse --show-toplevel 2>/dev/null)" -ef "$SMPP_SOURCE_DIR" ]]; then
  want_commit="$(git -C "$SMPP_SOURCE_DIR" rev-parse --short=12 HEAD)"
  [[ "$(commit_of "$SMPP_SOURCE_DIR")" == "$want_commit" ]] ||
    die "cmake/version.cmake gives '$(commit_of "$SMPP_SOURCE_DIR")' for the checkout, expected $want_commit"
  pass "cmake/version.cmake names the checkout's commit $want_commit"
  # A directory inside a checkout is not one: its commit would belong to someone else's tree.
  [[ -z "$(commit_of "$SMPP_SOURCE_DIR/cmake")" ]] || die "a directory inside the checkout got a commit"
  pass "a directory inside a checkout gets no commit"
fi
mkdir -p "$PKG_TMP/tarball"
[[ -z "$(commit_of "$PKG_TMP/tarball")" ]] || die "a tree that is no checkout got a commit: $(commit_of "$PKG_TMP/tarball")"
pass "a tree that is no checkout gets no commit"

for bin in "$SMPP_MC_BIN" "$SMPP_ESME_BIN"; do
  name="$(basename "$bin")"
  want="$name $SMPP_VERSION${want_commit:+ (git $want_commit)}"
  out="$("$bin" --version)" || die "$name --version exited with code $?"
  [[ "$out" == "$want" ]] || die "$name --version said '$out', expected '$want'"
  pass "$name --version: $out"
  page="$SMPP_BUILD_DIR/man/$name.1.gz"
  [[ -s "$page" ]] || die "no man page $page"
  gzip -dc "$page" | grep -qE -- '(\\-|-)(\\-|-)version' || die "the man page $page does not list --version"
  gzip -dc "$page" | grep -qF "$SMPP_VERSION" || die "the man page $page does not give version $SMPP_VERSION"
  pass "$name.1 lists --version and gives version $SMPP_VERSION"
done

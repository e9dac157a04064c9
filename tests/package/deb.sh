#!/usr/bin/env bash
# Proof (c): `cpack -G DEB` makes smpp-toolkit_<version>_<arch>.deb; unpacked with dpkg -x (not
# installed) it holds every installed file, its control fields are filled, and every package it
# Depends on exists for this Debian.
#
#   deb.sh BUILD_DIR      (CTest sets the SMPP_* environment)
SMPP_BUILD_DIR="$1"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tool cpack dpkg-deb dpkg-query dpkg-shlibdeps file apt-cache gzip

run_logged cpack cpack -G DEB --config "$SMPP_BUILD_DIR/CPackConfig.cmake" -B "$PKG_TMP/cpack"
debs=("$PKG_TMP"/cpack/*.deb)
((${#debs[@]} == 1)) && [[ -f "${debs[0]}" ]] || die "cpack made no single .deb: ${debs[*]}"
deb="${debs[0]}"
arch="$(dpkg --print-architecture)"
[[ "$(basename "$deb")" == "smpp-toolkit_${SMPP_VERSION}_$arch.deb" ]] ||
  die "package file $(basename "$deb"), expected smpp-toolkit_${SMPP_VERSION}_$arch.deb"
pass "cpack made $(basename "$deb")"

dpkg-deb -I "$deb" >"$PKG_TMP/info" || die "dpkg-deb -I cannot read $deb"
sed 's/^/    /' "$PKG_TMP/info"
field() { dpkg-deb -f "$deb" "$1"; }
[[ "$(field Package)" == smpp-toolkit ]] || die "Package is '$(field Package)'"
[[ "$(field Version)" == "$SMPP_VERSION" ]] || die "Version is '$(field Version)', expected $SMPP_VERSION"
[[ "$(field Maintainer)" == *@* ]] || die "Maintainer is '$(field Maintainer)'"
[[ -n "$(field Description)" ]] || die "no Description"
depends="$(field Depends)"
[[ -n "$depends" ]] || die "no Depends"

# known_package NAME: installed here, or apt has a candidate version of it, or it is a virtual
# package that some package provides (dpkg-shlibdeps names libspdlog1.10-fmt9, which
# libspdlog1.10 provides).
known_package() {
  local candidate
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' && return 0
  candidate="$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p')"
  [[ -n "$candidate" && "$candidate" != "(none)" ]] && return 0
  apt-cache showpkg "$1" 2>/dev/null | sed -n '/^Reverse Provides:/,$p' | grep -q '^[a-z0-9]'
}

names=()
IFS=',' read -r -a clauses <<<"$depends"
for clause in "${clauses[@]}"; do
  IFS='|' read -r -a alternatives <<<"$clause"
  ok=""
  for alt in "${alternatives[@]}"; do
    name="$(awk '{print $1}' <<<"$alt")"
    name="${name%%:*}"
    names+=("$name")
    known_package "$name" && ok=1
  done
  [[ -n "$ok" ]] || die "Depends clause '$clause' names no package known to dpkg or apt"
done
# The runtime libraries of the two binaries, as Debian 12 names them.
# (spdlog's shlibs name the virtual libspdlog1.10-fmt9: spdlog built against fmt 9.)
for want in libc6 'libstdc\+\+6' libssl3 'libspdlog1\.10(-fmt9)?' libfmt9 'libboost-program-options1\.81\.0'; do
  printf '%s\n' "${names[@]}" | grep -qxE "$want" || die "Depends lacks $want: $depends"
done
pass "Depends: $depends (every package exists)"

root="$PKG_TMP/root"
dpkg -x "$deb" "$root" || die "dpkg -x failed"
lib="usr/$SMPP_INSTALL_LIBDIR"
expected=(
  usr/bin/smpp-mc
  usr/bin/smpp-esme
  "$lib/libsmpp_proto.a"
  "$lib/libsmpp_net.a"
  "$lib/cmake/smpp/smppConfig.cmake"
  "$lib/cmake/smpp/smppConfigVersion.cmake"
  "$lib/cmake/smpp/smppTargets.cmake"
  "$lib/pkgconfig/smpp.pc"
  usr/share/man/man1/smpp-mc.1.gz
  usr/share/man/man1/smpp-esme.1.gz
  usr/share/bash-completion/completions/smpp-mc
  usr/share/bash-completion/completions/smpp-esme
  usr/share/doc/smpp-toolkit/copyright
)
# Every public header of the source tree.
while IFS= read -r header; do
  expected+=("usr/include/${header#"$SMPP_SOURCE_DIR/common/include/"}")
done < <(find "$SMPP_SOURCE_DIR/common/include" -type f -name '*.hpp' | sort)
missing=0
for f in "${expected[@]}"; do
  if [[ ! -f "$root/$f" ]]; then
    printf '    missing: /%s\n' "$f"
    missing=$((missing + 1))
  fi
done
((missing == 0)) || die "$missing expected files are not in the package"
pass "the package holds all ${#expected[@]} expected files"
if find "$root" -path '*smpp_cli*' -o -name 'libsmpp_cli*' | grep -q .; then
  die "smpp_cli (application support) is in the package"
fi

for bin in smpp-mc smpp-esme; do
  "$root/usr/bin/$bin" --help >"$PKG_TMP/$bin.help" 2>&1 || die "the packaged $bin --help failed"
  grep -q -- '--help' "$PKG_TMP/$bin.help" || die "the packaged $bin --help printed no options"
  gzip -dc "$root/usr/share/man/man1/$bin.1.gz" >"$PKG_TMP/$bin.1" || die "$bin.1.gz is not gzip"
  grep -q '^\.TH ' "$PKG_TMP/$bin.1" || die "$bin.1 has no .TH header"
  grep -q "$SMPP_VERSION" "$PKG_TMP/$bin.1" || die "$bin.1 does not carry version $SMPP_VERSION"
  grep -q 'unbind\\-timeout' "$PKG_TMP/$bin.1" || die "$bin.1 does not list --unbind-timeout"
done
pass "the packaged binaries run; their man pages list their options"

# As root with apt lists, ask apt whether it would install the file here (simulation only).
if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  if ! apt-get install -s -q "$deb" >"$PKG_TMP/apt-sim" 2>&1; then
    sed 's/^/    /' "$PKG_TMP/apt-sim"
    die "apt-get install -s $deb says it cannot be installed"
  fi
  pass "apt-get install -s accepts the package"
fi

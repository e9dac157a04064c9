#!/usr/bin/env bash
# Proof (d): the bash completion (cmake/smpp-completion.bash, installed for both commands)
# completes flags read from the binaries' --help, file names after options that take a file,
# and the listed choices of an option. Sourced into this bash, driven as bash drives it:
# COMP_WORDS, COMP_CWORD, then the function `complete -p` names.
#
#   completion.sh BUILD_DIR      (CTest sets the SMPP_* environment)
SMPP_BUILD_DIR="$1"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The commands by their plain names, as a user types them.
mkdir -p "$PKG_TMP/bin"
ln -s "$SMPP_MC_BIN" "$PKG_TMP/bin/smpp-mc"
ln -s "$SMPP_ESME_BIN" "$PKG_TMP/bin/smpp-esme"
PATH="$PKG_TMP/bin:$PATH"

# shellcheck source=../../cmake/smpp-completion.bash
source "$SMPP_SOURCE_DIR/cmake/smpp-completion.bash"
set +e # completion functions are written for an interactive shell, not for errexit
for cmd in smpp-mc smpp-esme; do
  spec="$(complete -p "$cmd" 2>/dev/null)" || die "sourcing the completion registered nothing for $cmd"
  [[ "$spec" =~ -F\ ([^ ]+) ]] || die "the completion for $cmd is not a function: $spec"
done
func="${BASH_REMATCH[1]}"

fails=0
# expect WORDS... -- EXPECTED...: complete the last word of WORDS; COMPREPLY must be EXPECTED
# (sorted, as one line each).
expect() {
  local words=() want=() got
  while [[ "$1" != -- ]]; do words+=("$1"); shift; done
  shift
  want=("$@")
  COMP_WORDS=("${words[@]}")
  COMP_CWORD=$((${#words[@]} - 1))
  COMP_LINE="${words[*]}"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  "$func" "${words[0]}" "${words[-1]}" "${words[-2]:-}"
  got="$(printf '%s\n' "${COMPREPLY[@]}" | sort)"
  if [[ "$got" == "$(printf '%s\n' "${want[@]}" | sort)" ]]; then
    pass "'${words[*]}<TAB>' -> ${want[*]:-(nothing)}"
  else
    printf 'FAIL: %s: %s\n' "$PKG_TEST" "'${words[*]}<TAB>' gave '$(tr '\n' ' ' <<<"$got")', expected '${want[*]}'"
    fails=$((fails + 1))
  fi
}

expect smpp-mc --unbind-t -- --unbind-timeout
expect smpp-esme --unbind-t -- --unbind-timeout
expect smpp-esme --reconn -- --reconnect --reconnect-max-delay --reconnect-timeout
expect smpp-mc --tls-req -- --tls-require-client-cert
expect smpp-mc --port -- --port-file
expect smpp-esme --port -- --port
expect smpp-mc --vers -- --version
expect smpp-esme --vers -- --version
expect smpp-mc --log-format j -- json
expect smpp-esme --log-level w -- warn
expect smpp-mc --log-format=t -- --log-format=text
expect smpp-esme --bind-mode trans -- transceiver transmitter
# A number or an address: nothing to offer.
expect smpp-mc --unbind-timeout "" --
expect smpp-mc --listen 1 --

# Options that take a file complete file names.
mkdir -p "$PKG_TMP/files"
: >"$PKG_TMP/files/creds.txt"
: >"$PKG_TMP/files/cert.pem"
expect smpp-mc --credentials "$PKG_TMP/files/cr" -- "$PKG_TMP/files/creds.txt"
expect smpp-mc --tls-cert "$PKG_TMP/files/ce" -- "$PKG_TMP/files/cert.pem"
expect smpp-esme --input "$PKG_TMP/files/c" -- "$PKG_TMP/files/cert.pem" "$PKG_TMP/files/creds.txt"
expect smpp-esme --report "$PKG_TMP/files/cr" -- "$PKG_TMP/files/creds.txt"
expect smpp-mc --port-file "$PKG_TMP/files/cr" -- "$PKG_TMP/files/creds.txt"
# After a flag that takes no value, flags again.
expect smpp-mc --ignore-unbind --ignore -- --ignore-unbind

# Every long option of --help is offered on an empty word.
for cmd in smpp-mc smpp-esme; do
  mapfile -t want < <("$cmd" --help | grep -oE '^  (-[a-z] \[ )?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+')
  ((${#want[@]} > 10)) || die "$cmd --help lists only ${#want[@]} options"
  expect "$cmd" "" -- "${want[@]}"
done

((fails == 0)) || die "$fails completions were wrong"

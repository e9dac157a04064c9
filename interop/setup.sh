#!/usr/bin/env bash
# Installs node-smpp (the npm package `smpp`, version pinned in package.json)
# into interop/node_modules for the interop tests, with `npm ci` from
# package-lock.json: exactly the locked tarballs, from the npm cache when it
# has them (--prefer-offline). Does nothing when node_modules already matches
# the lock file. cmake/bootstrap.sh calls it when node and npm are present.
#
#   interop/setup.sh
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
say() { printf 'interop setup: %s\n' "$*"; }

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "$tool not found: install Debian's nodejs and npm (cmake/bootstrap.sh does, as root)"
    exit 1
  fi
done

cd "$DIR"

# Up to date: npm's record of what it installed (node_modules/.package-lock.json)
# lists the same packages, versions and integrity hashes as package-lock.json,
# and the lock file's root entry asks for what package.json asks for.
if [[ -f node_modules/.package-lock.json ]] && node -e '
  const fs = require("fs");
  const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
  const lock = read("package-lock.json"), have = read("node_modules/.package-lock.json"), pkg = read("package.json");
  const strip = (pkgs) => Object.fromEntries(Object.entries(pkgs || {}).filter(([k]) => k !== "")
    .map(([k, v]) => [k, { version: v.version, resolved: v.resolved, integrity: v.integrity }]));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const root = (lock.packages || {})[""] || {};
  process.exit(same(strip(lock.packages), strip(have.packages)) &&
    same(root.dependencies || {}, pkg.dependencies || {}) ? 0 : 1);
' 2>/dev/null; then
  say "node_modules is up to date with package-lock.json"
  exit 0
fi

say "installing node-smpp into $DIR/node_modules (npm ci)"
# --ignore-scripts: nothing here needs install scripts; no audit/fund chatter.
npm ci --prefer-offline --ignore-scripts --no-audit --no-fund
say "installed smpp $(node -p 'require("./node_modules/smpp/package.json").version')"

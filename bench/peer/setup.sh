#!/usr/bin/env bash
# Installs the peer benchmark's pinned dependencies (aws-local-stepfunctions and
# Node 22 from the npm package "node") into bench/peer/node_modules, and prints
# the absolute path of the Node 22 binary to use on stdout (npm's output goes to
# stderr).
#
# Idempotent: if node_modules already holds what package-lock.json pins, nothing
# is installed. Otherwise runs `npm ci` (`npm install` if there is no lockfile)
# with prefer-offline, so after one successful install it works from the npm
# cache without a network. Set PEER_FORCE_INSTALL=1 to reinstall anyway.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

node_bin="$here/node_modules/node/bin/node"
want_major=22

die() {
  echo "setup.sh: $*" >&2
  exit 1
}

command -v npm >/dev/null 2>&1 || die "npm not found in PATH (any Node/npm works to bootstrap; Node 22 itself comes from npm)"

# Pinned versions, read from package.json without needing Node 22.
pinned() { sed -n "s/^ *\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" package.json | head -n1; }
want_asf="$(pinned aws-local-stepfunctions)"
want_node="$(pinned node)"
[ -n "$want_asf" ] && [ -n "$want_node" ] || die "could not read pinned versions from $here/package.json"

installed_version() { # $1 = package dir under node_modules
  local f="node_modules/$1/package.json"
  [ -f "$f" ] && sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$f" | head -n1
}

up_to_date() {
  [ -z "${PEER_FORCE_INSTALL:-}" ] || return 1
  [ -f node_modules/.package-lock.json ] || return 1
  [ ! -f package-lock.json ] || [ ! package-lock.json -nt node_modules/.package-lock.json ] || return 1
  [ ! package.json -nt node_modules/.package-lock.json ] || return 1
  [ "$(installed_version aws-local-stepfunctions)" = "$want_asf" ] || return 1
  [ -x "$node_bin" ] || return 1
  [ "$("$node_bin" --version 2>/dev/null)" = "v$want_node" ] || return 1
}

if ! up_to_date; then
  # Exported rather than passed as flags so that the nested `npm install` run by
  # the "node" package's preinstall script (it fetches node-<os>-<arch>) also
  # prefers the cache.
  export npm_config_prefer_offline=true npm_config_audit=false npm_config_fund=false
  if [ -f package-lock.json ]; then
    cmd=(npm ci)
  else
    cmd=(npm install)
  fi
  echo "setup.sh: running ${cmd[*]} in $here" >&2
  rc=0
  "${cmd[@]}" >&2 || rc=$?
  if [ "$rc" -ne 0 ]; then
    die "'${cmd[*]}' failed (exit $rc). It needs the npm registry, or an npm cache that already holds
  aws-local-stepfunctions@$want_asf, node@$want_node and node-$(uname -s | tr A-Z a-z)-<arch>@$want_node
  (a previous successful install fills it). See npm's messages above."
  fi
  [ -x "$node_bin" ] || die "npm finished but $node_bin is missing: the \"node\" package's
  preinstall script (which fetches the platform binary) did not run. Check that package.json
  still has \"allowScripts\": {\"node\": true} and that npm's ignore-scripts is off."
  got="$("$node_bin" --version 2>/dev/null || true)"
  case "$got" in
    "v$want_major".*) ;;
    *) die "$node_bin reports '${got:-nothing}', expected Node $want_major (v$want_node)" ;;
  esac
fi

echo "$node_bin"

#!/usr/bin/env bash
# Installs what libcors needs to build, test and run its demo on Debian.
# Usage: scripts/install-deps.sh [build|test]   (default: test = everything)
set -euo pipefail
what=${1:-test}
pkgs=(build-essential cmake pkg-config libpcre2-dev libpsl-dev)
# cors-check probe talks to live servers through libcurl (optional: the
# tool builds without it and says so).
pkgs+=(libcurl4-openssl-dev)
if [ "$what" = test ] || [ "$what" = demo ]; then
  pkgs+=(libmicrohttpd-dev libevent-dev curl)
fi
if [ "$what" = test ]; then
  pkgs+=(check libsubunit-dev clang libclang-rt-14-dev valgrind chromium git man-db)
  # the nginx module: built against Debian's nginx, benchmarked with wrk
  pkgs+=(nginx-dev nginx-core wrk)
  # Node may come from elsewhere with its own npm (which conflicts with
  # Debian's npm package): only install Debian's when none is there.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    pkgs+=(nodejs npm)
  fi
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

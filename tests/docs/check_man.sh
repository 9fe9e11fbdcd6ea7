#!/usr/bin/env bash
# Checks a man page the way a user's man renders it.
#
#   check_man.sh MAN PAGE [CORS_CHECK]
#
# Fails when `man --warnings -l PAGE` prints anything on standard error (a
# warning from groff or man) or renders nothing, and, given the cors-check
# binary, when an option that `cors-check --help` lists is missing from the
# page (written \-\-name in man source), so the page cannot fall behind
# the tool.
set -u
man=$1
page=$2
check=${3:-}

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

MANWIDTH=80 "$man" --warnings -l "$page" >"$out" 2>"$err"
rc=$?
status=0
if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
  echo "man --warnings -l $page: exit $rc, warnings:"
  cat "$err"
  status=1
fi
if [ ! -s "$out" ]; then
  echo "$page renders as nothing"
  status=1
fi

if [ -n "$check" ]; then
  # --flag is the help text's placeholder ("Write --flag VALUE").
  options=$("$check" --help | grep -o -- '--[a-z][a-z-]*' | sort -u |
    grep -vx -- '--flag')
  [ -n "$options" ] || { echo "cors-check --help lists no option"; exit 1; }
  for option in $options; do
    if ! grep -qF -- "${option//-/\\-}" "$page"; then
      echo "$page does not document $option (cors-check --help lists it)"
      status=1
    fi
  done
fi

[ "$status" -eq 0 ] && echo "ok: $(basename "$page")"
exit "$status"

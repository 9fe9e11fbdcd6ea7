#!/usr/bin/env bash
# check_links.sh must fail where it should: on a scratch tree (outside any
# git repository) that names a document outside it or refers to a missing
# docs/ page or heading, and pass on the same tree once fixed. Otherwise a
# broken pattern in it would pass the real repository silently.
#
#   check_links_selftest.sh CHECK_LINKS
set -u
check=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# Page names go through variables, so that the real check does not read
# this file as references to pages of the repository.
page=guide
missing=missing
mkdir -p "$work/docs" "$work/src"
printf '# Guide\n\n## The answer\n\nSee [the answer](#the-answer).\n' \
  >"$work/docs/$page.md"
printf '/* see docs/%s.md#the-answer */\n' "$page" >"$work/src/ok.c"

expect() { # expect WANT_RC WHAT
  local out rc
  out=$(bash "$check" "$work" 2>&1)
  rc=$?
  if [ "$1" = fail ] && [ "$rc" -eq 0 ]; then
    echo "not detected: $2"
    status=1
  elif [ "$1" = pass ] && [ "$rc" -ne 0 ]; then
    echo "refused a clean tree ($2):"
    echo "$out"
    status=1
  fi
}

expect pass "clean"
# The names are split so that this file does not match the real check.
printf '/* as %s says */\n' "DES""IGN.md" >"$work/src/leak.c"
expect fail "a design document outside the repository"
rm "$work/src/leak.c"
printf 'see %s\n' "../sha""red/notes.md" >"$work/src/leak.c"
expect fail "a path beside the repository"
rm "$work/src/leak.c"
printf '/* see docs/%s.md#no-such-heading */\n' "$page" >"$work/src/anchor.c"
expect fail "a heading that does not exist"
rm "$work/src/anchor.c"
printf '/* see docs/%s.md */\n' "$missing" >"$work/src/page.c"
expect fail "a page that does not exist"
rm "$work/src/page.c"
printf '\nBack to [the top](#nowhere).\n' >>"$work/docs/$page.md"
expect fail "an in-page link to no heading"

[ "$status" -eq 0 ] && echo "ok: check_links.sh detects every kind of bad reference"
exit "$status"

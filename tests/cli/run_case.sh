#!/usr/bin/env bash
# Runs one cors-check case file in an empty environment and compares its
# exit status, standard output and standard error with the expected ones.
#
#   run_case.sh CORS_CHECK CASE.t [WRAPPER ARGS...]
#
# A case file holds the shell command (as a user would type it, calling
# `cors-check`), then sections:
#   --- exit N        expected exit status
#   --- stdout        expected standard output, exactly (absent: empty)
#   --- stderr        expected standard error, exactly (absent: empty)
# Lines before the first section that start with '#' are comments. A
# comment `# requires: libpsl` (or `no-libpsl`) limits the case to builds
# with (without) libpsl: CORS_CLI_LIBPSL=1 or 0 says which this one is,
# and a case for the other variant exits 77 (skipped).
# WRAPPER (e.g. valgrind) runs in front of cors-check.
set -u
check=$1
case_file=$2
shift 2

requires=$(awk '/^--- /{exit} /^# requires: /{print $3}' "$case_file")
have=${CORS_CLI_LIBPSL:-1}
if { [ "$requires" = libpsl ] && [ "$have" != 1 ]; } ||
  { [ "$requires" = no-libpsl ] && [ "$have" = 1 ]; }; then
  echo "skip: $(basename "$case_file") requires $requires"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `cors-check` on PATH is the binary under test (behind the wrapper).
mkdir "$work/bin"
{
  printf '#!/usr/bin/env bash\n'
  printf 'exec'
  for word in "$@" "$check"; do printf ' %q' "$word"; done
  printf ' "$@"\n'
} >"$work/bin/cors-check"
chmod +x "$work/bin/cors-check"

section() {
  awk -v want="$1" '
    /^--- / { cur = $2; next }
    cur == want { print }
  ' "$case_file"
}

awk '/^--- /{exit} /^#/{next} {print}' "$case_file" >"$work/cmd"
want_rc=$(awk '/^--- exit /{print $3}' "$case_file")
section stdout >"$work/want.out"
section stderr >"$work/want.err"

(cd "$work" && env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work" \
  bash "$work/cmd" >"$work/got.out" 2>"$work/got.err")
rc=$?

status=0
if [ "$rc" != "$want_rc" ]; then
  echo "exit status $rc, expected $want_rc"
  status=1
fi
if ! diff -u "$work/want.out" "$work/got.out" >"$work/diff.out"; then
  echo "standard output differs (--- expected, +++ actual):"
  cat "$work/diff.out"
  status=1
fi
if ! diff -u "$work/want.err" "$work/got.err" >"$work/diff.err"; then
  echo "standard error differs (--- expected, +++ actual):"
  cat "$work/diff.err"
  status=1
fi
if [ "$status" = 0 ]; then
  echo "ok: $(basename "$case_file")"
fi
exit "$status"

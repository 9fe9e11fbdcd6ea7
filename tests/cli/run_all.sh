#!/usr/bin/env bash
# Runs every case file of a directory through run_case.sh (used for the
# Valgrind pass over cors-check).  run_all.sh CORS_CHECK DIR [WRAPPER...]
set -u
check=$1
dir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
failed=0
for case_file in "$dir"/*.t; do
  bash "$here/run_case.sh" "$check" "$case_file" "$@"
  rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 77 ] || failed=$((failed + 1))
done
echo "$failed case(s) failed"
[ "$failed" = 0 ]

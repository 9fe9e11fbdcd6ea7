#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each one for SECONDS
# (default 30) from a copy of its seed corpus (and with its dictionary,
# tests/fuzz/NAME.dict), so the repository is never modified. Prints the executions per target and fails if any target
# crashes, leaks, times out or breaks an invariant.
#
#   bash tests/fuzz/run.sh 30                  what CI runs
#   CORS_FUZZ_JOBS=3 nice -n 19 bash tests/fuzz/run.sh 600   long local run
#
# Environment: CORS_FUZZ_BUILD_DIR (default build-fuzz), CORS_FUZZ_JOBS
# (targets run at once, default 2), CORS_FUZZ_TARGETS (names to run,
# default all), CORS_FUZZ_KEEP=1 keeps the work directory (grown corpora,
# crash artifacts, logs) and prints where it is.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-${CORS_FUZZ_SECONDS:-30}}
build=${CORS_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${CORS_FUZZ_JOBS:-2}

case $seconds in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 4 ;;
esac

echo "fuzz: configuring $build (clang, CORS_BUILD_FUZZ=ON)"
CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCORS_BUILD_FUZZ=ON -DCORS_BUILD_TESTS=OFF -DCORS_BUILD_TOOLS=OFF \
  -DCORS_BUILD_EXAMPLES=OFF -DCORS_BUILD_BENCH=OFF -DCORS_INSTALL=OFF \
  >/dev/null
cmake --build "$build" -j2 >/dev/null

targets=${CORS_FUZZ_TARGETS:-}
if [ -z "$targets" ]; then
  for src in tests/fuzz/fuzz_*.c; do
    name=${src#tests/fuzz/fuzz_}
    name=${name%.c}
    [ -x "$build/tests/fuzz/fuzz_$name" ] && targets="$targets $name"
  done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cors-fuzz.XXXXXX")
if [ "${CORS_FUZZ_KEEP:-0}" = 1 ]; then
  trap 'echo "fuzz: work directory kept: $work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi

# Runs one target; its log holds libFuzzer's output.
run_one() {
  local name=$1
  local dir=$work/$name
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -R "tests/fuzz/corpus/$name/." "$dir/corpus/"
  local rc=0
  local dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$name" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=25 \
      -max_len=4096 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="$dir/artifacts/" "$dir/corpus" \
      >"$dir/log" 2>&1 || rc=$?
  echo "$rc" >"$dir/rc"
}

echo "fuzz: ${seconds}s per target:$targets"
running=0
for name in $targets; do
  run_one "$name" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

failed=0
printf '%-12s %14s %10s %8s  %s\n' target executions exec/s corpus result
for name in $targets; do
  dir=$work/$name
  rc=$(cat "$dir/rc" 2>/dev/null || echo 99)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
  files=$(find "$dir/corpus" -type f | wc -l)
  crashes=$(find "$dir/artifacts" -type f | wc -l)
  result=ok
  if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
    result="FAILED (exit $rc, $crashes artifact(s))"
    failed=1
  fi
  printf '%-12s %14s %10s %8s  %s\n' "$name" "${runs:-?}" "${rate:-?}" \
    "$files" "$result"
  if [ "$result" != ok ]; then
    echo "---- fuzz_$name log (last 40 lines) ----"
    tail -40 "$dir/log"
    for a in "$dir"/artifacts/*; do
      [ -f "$a" ] || continue
      echo "---- artifact $(basename "$a") (base64) ----"
      base64 "$a" | head -20
    done
  fi
done
if [ "$failed" != 0 ]; then
  echo "fuzz: FAILED. Reproduce with $build/tests/fuzz/fuzz_NAME FILE;" \
       "add the input to tests/fuzz/corpus/NAME/ as a regression." >&2
  exit 1
fi
echo "fuzz: all targets clean"

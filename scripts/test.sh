#!/usr/bin/env bash
# Builds libcors and runs every test: the full suite (unit, CLI, e2e browser,
# corpus replay) with gcc, the lint suite again without libpsl, the unit
# suite under ASan+UBSan with clang, Valgrind, ThreadSanitizer, the
# packaging consumers, short fuzzing runs and a benchmark smoke pass. Exits
# non-zero on the first failure.
#
#   scripts/test.sh            everything (what CI runs)
#   CORS_FUZZ_SECONDS=600 scripts/test.sh   longer fuzzing
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${CORS_FUZZ_SECONDS:-30}

bash scripts/install-deps.sh test

stage() { printf '\n==== %s ====\n' "$*"; }

# Every ctest run goes through here so the closing line can sum them up.
total=0
run_ctest() {
  local dir=$1
  shift
  local out
  out=$(mktemp)
  (cd "$dir" && ctest --no-tests=error --output-on-failure "$@") 2>&1 | tee "$out"
  local rc=${PIPESTATUS[0]}
  local n
  n=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$out" | tail -1)
  rm -f "$out"
  [ "$rc" -eq 0 ] || exit "$rc"
  total=$((total + ${n:-0}))
}

stage "gcc build: full suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORS_WERROR=ON \
  -DCORS_BUILD_NGINX=ON >/dev/null
cmake --build build -j"$jobs"
run_ctest build -j"$jobs" -LE 'valgrind|tsan|fuzz'

stage "gcc build without libpsl: lint suite and lint CLI cases"
# libpsl is optional: the same lint table and cors-check cases, in the
# variant that cannot check public suffixes.
cmake -S . -B build-nopsl -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORS_WERROR=ON \
  -DCORS_WITH_LIBPSL=OFF -DCORS_BUILD_EXAMPLES=OFF -DCORS_BUILD_BENCH=OFF \
  >/dev/null
cmake --build build-nopsl -j"$jobs" --target unit_lint cors-check
run_ctest build-nopsl -j"$jobs" -R '^(unit_lint|cli_lint_.*)$'

stage "valgrind memcheck: unit suites"
run_ctest build -j"$jobs" -L valgrind

stage "clang ASan+UBSan build: quick suite"
CC=clang CFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g' \
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCORS_WERROR=ON \
  -DCORS_BUILD_EXAMPLES=OFF -DCORS_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1
run_ctest build-asan -j"$jobs" -LE 'e2e|fuzz|slow|valgrind|tsan'

if [ -f tests/tsan/CMakeLists.txt ]; then
  stage "clang ThreadSanitizer: concurrent evaluate"
  CC=clang CFLAGS='-fsanitize=thread -g -O1' \
    cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DCORS_TSAN=ON \
    -DCORS_BUILD_TESTS=OFF -DCORS_BUILD_TOOLS=OFF -DCORS_BUILD_EXAMPLES=OFF \
    -DCORS_BUILD_BENCH=OFF >/dev/null
  cmake --build build-tsan -j"$jobs"
  run_ctest build-tsan -L tsan
fi

if [ -f tests/fuzz/run.sh ]; then
  stage "libFuzzer: ${fuzz_seconds}s per target"
  bash tests/fuzz/run.sh "$fuzz_seconds"
fi

if [ -f tests/consumers/run.sh ]; then
  stage "packaging consumers: find_package, pkg-config, FetchContent"
  bash tests/consumers/run.sh
fi

if [ -x build/tests/bench/cors_bench ]; then
  stage "benchmark smoke pass (figures only, never a verdict)"
  build/tests/bench/cors_bench --quick
fi

stage "all tests passed"
# The plain closing line: CTest tests across the five builds (fuzzing,
# consumers and the benchmark report above).
echo "ctest: $total passed, 0 failed"

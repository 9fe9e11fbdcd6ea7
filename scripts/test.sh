#!/usr/bin/env bash
# Builds libcors and runs every test: the full suite (unit, CLI, e2e browser,
# corpus replay) with gcc, the unit suite under ASan+UBSan with clang,
# Valgrind, ThreadSanitizer, the packaging consumers, short fuzzing runs and
# a benchmark smoke pass. Exits non-zero on the first failure.
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

stage "gcc build: full suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCORS_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest -j"$jobs" --no-tests=error --output-on-failure -LE 'valgrind|tsan|fuzz')

stage "valgrind memcheck: unit suites"
(cd build && ctest -j"$jobs" --no-tests=error --output-on-failure -L valgrind)

stage "clang ASan+UBSan build: quick suite"
CC=clang CFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g' \
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCORS_WERROR=ON \
  -DCORS_BUILD_EXAMPLES=OFF -DCORS_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest -j"$jobs" --no-tests=error --output-on-failure \
  -LE 'e2e|fuzz|slow|valgrind|tsan')

if [ -f tests/tsan/CMakeLists.txt ]; then
  stage "clang ThreadSanitizer: concurrent evaluate"
  CC=clang CFLAGS='-fsanitize=thread -g -O1' \
    cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DCORS_TSAN=ON \
    -DCORS_BUILD_TESTS=OFF -DCORS_BUILD_TOOLS=OFF -DCORS_BUILD_EXAMPLES=OFF \
    -DCORS_BUILD_BENCH=OFF >/dev/null
  cmake --build build-tsan -j"$jobs"
  (cd build-tsan && ctest --no-tests=error --output-on-failure -L tsan)
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

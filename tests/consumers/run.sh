#!/usr/bin/env bash
# Proves libcors can be consumed the three ways its users do, from scratch:
# it builds and installs libcors (shared, then static) into temporary
# prefixes and builds and runs a tiny program against each install through
# CMake find_package and through pkg-config, then one that vendors this
# source tree with FetchContent. It also checks what the installed shared
# library exports, its SONAME, the pkg-config file under an absolute
# CMAKE_INSTALL_LIBDIR, and that docs/packaging.md shows exactly the files
# built here.
#
#   bash tests/consumers/run.sh      (scripts/test.sh runs it)
#
# Prints one line per check and a summary; exits non-zero if any failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cors-consumers.XXXXXX")
# CORS_CONSUMERS_KEEP=1 keeps the builds and installs for a post-mortem.
if [ -z "${CORS_CONSUMERS_KEEP:-}" ]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "keeping $work"
fi
jobs=${CORS_CONSUMER_JOBS:-2}
# Ninja when available (faster), unless CMAKE_GENERATOR says otherwise.
if [ -z "${CMAKE_GENERATOR:-}" ] && command -v ninja >/dev/null 2>&1; then
  export CMAKE_GENERATOR=Ninja
fi

passed=0
failed=0
failed_names=()

# check NAME COMMAND...: runs COMMAND with its output in a log, shown only
# when it fails.
check() {
  local name=$1 log="$work/check-$((passed + failed)).log"
  shift
  if "$@" >"$log" 2>&1; then
    printf 'PASS  %s\n' "$name"
    passed=$((passed + 1))
  else
    printf 'FAIL  %s\n' "$name"
    sed 's/^/      | /' "$log" | tail -n 60
    failed=$((failed + 1))
    failed_names+=("$name")
  fi
}

die() { echo "$*" >&2; return 1; }

# build_libcors KIND: configures, builds and installs libcors from this
# tree into $work/KIND-prefix, as a user would.
build_libcors() {
  local kind=$1 shared=OFF tools=OFF
  [ "$kind" = shared ] && shared=ON && tools=ON
  cmake -S "$root" -B "$work/$kind-build" \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=$shared \
    -DCMAKE_INSTALL_PREFIX="$work/$kind-prefix" \
    -DCORS_BUILD_TESTS=OFF -DCORS_BUILD_BENCH=OFF \
    -DCORS_BUILD_EXAMPLES=OFF -DCORS_BUILD_TOOLS=$tools &&
    cmake --build "$work/$kind-build" -j"$jobs" &&
    cmake --install "$work/$kind-build"
}

# libdir KIND: the absolute library directory of the KIND install.
libdir() {
  local dir
  dir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' \
    "$work/$1-build/CMakeCache.txt")
  case $dir in
  /*) echo "$dir" ;;
  *) echo "$work/$1-prefix/$dir" ;;
  esac
}

# pc KIND ARGS...: pkg-config that sees the KIND install first.
pc() {
  local kind=$1
  shift
  PKG_CONFIG_PATH="$(libdir "$kind")/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    pkg-config "$@"
}

# links_shared_libcors BINARY: whether BINARY needs libcors.so at run time.
links_shared_libcors() {
  readelf -d "$1" | grep -q 'NEEDED.*\[libcors\.so\.1\]'
}

consumer_find_package() {
  local kind=$1 build="$work/find_package-$1"
  cmake -S "$here/find_package" -B "$build" \
    -DCMAKE_PREFIX_PATH="$work/$kind-prefix" &&
    cmake --build "$build" || return 1
  grep -qx "cors_DIR:PATH=$(libdir "$kind")/cmake/cors" \
    "$build/CMakeCache.txt" ||
    die "find_package did not pick the install in $work/$kind-prefix" ||
    return 1
  if [ "$kind" = shared ]; then
    links_shared_libcors "$build/app" || die "app does not use libcors.so.1"
  else
    ! links_shared_libcors "$build/app" || die "app uses libcors.so"
  fi || return 1
  # No LD_LIBRARY_PATH: CMake gives the build tree a RUNPATH.
  "$build/app"
}

consumer_pkgconfig() {
  local kind=$1 build="$work/pkgconfig-$1" static=
  [ "$kind" = static ] && static=1
  [ "$(pc "$kind" --variable=prefix libcors)" = "$work/$kind-prefix" ] ||
    die "libcors.pc does not name the install prefix" || return 1
  if [ "$kind" = static ]; then
    pc static --cflags libcors | grep -q -- '-DCORS_STATIC' ||
      die "static libcors.pc lacks -DCORS_STATIC" || return 1
    pc static --static --libs libcors | grep -q -- '-lpcre2-8' ||
      die "pkg-config --static --libs lacks PCRE2" || return 1
  fi
  mkdir -p "$build" && cp "$here/pkgconfig/Makefile" "$here/pkgconfig/app.c" \
    "$build/" || return 1
  PKG_CONFIG_PATH="$(libdir "$kind")/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    make -C "$build" STATIC=$static || return 1
  if [ "$kind" = shared ]; then
    links_shared_libcors "$build/app" || die "app does not use libcors.so.1"
  else
    ! links_shared_libcors "$build/app" || die "app uses libcors.so"
  fi || return 1
  LD_LIBRARY_PATH="$(pc "$kind" --variable=libdir libcors)" "$build/app"
}

# Vendored, into a parent that builds static (the default) or shared
# libraries: libcors must build as a quiet guest, with no tests, tools or
# install rules of its own in the parent's build.
consumer_fetchcontent() {
  local kind=$1 shared=OFF build="$work/fetchcontent-$1"
  local deps="$work/fetchcontent-$1/_deps/cors-build" dir
  [ "$kind" = shared ] && shared=ON
  # The parent enables its own tests (include(CTest) right after its
  # project()), as many do; libcors must not add its tests to them.
  echo 'include(CTest)' >"$work/parent-enables-ctest.cmake"
  cmake -S "$here/fetchcontent" -B "$build" \
    -DCMAKE_PROJECT_app_INCLUDE="$work/parent-enables-ctest.cmake" \
    -DCORS_SOURCE_DIR="$root" -DBUILD_SHARED_LIBS=$shared &&
    cmake --build "$build" -j"$jobs" || return 1
  (cd "$build" && ctest -N) | grep -qx 'Total Tests: 0' ||
    die "libcors added tests to the parent's CTest" || return 1
  if [ "$kind" = shared ]; then
    links_shared_libcors "$build/app" || die "app does not use libcors.so.1"
  else
    ! links_shared_libcors "$build/app" || die "app uses libcors.so"
  fi || return 1
  "$build/app" || return 1
  for dir in tests tools examples; do
    [ ! -e "$deps/$dir" ] || die "libcors added $dir/ to the parent's build" ||
      return 1
  done
  cmake --install "$build" --prefix "$work/fetchcontent-$kind-prefix" &&
    [ -z "$(ls -A "$work/fetchcontent-$kind-prefix" 2>/dev/null)" ] ||
    die "libcors installed files into the parent's install:" \
      "$(find "$work/fetchcontent-$kind-prefix" -type f)"
}

# The package accepts requests for any 1.x and refuses 0.x and 2.x: the
# SONAME, and possibly the API, change with the major version.
package_version_check() {
  local wanted result
  for wanted in 1.0 2.0 0.9; do
    mkdir -p "$work/version-$wanted" &&
      printf '%s\n' 'cmake_minimum_required(VERSION 3.16)' \
        'project(version_probe LANGUAGES C)' \
        "find_package(cors $wanted CONFIG REQUIRED)" \
        >"$work/version-$wanted/CMakeLists.txt" || return 1
    if cmake -S "$work/version-$wanted" -B "$work/version-$wanted/build" \
      -DCMAKE_PREFIX_PATH="$work/shared-prefix"; then
      result=found
    else
      result=refused
    fi
    echo "find_package(cors $wanted): $result"
    case $wanted:$result in
    1.0:found | 2.0:refused | 0.9:refused) ;;
    *) die "find_package(cors $wanted) was $result" || return 1 ;;
    esac
  done
}

# The installed shared library: versioned file names, SONAME with the major
# version only, nothing but cors_* exported.
shared_library_abi() {
  local lib
  lib=$(libdir shared)
  [ -L "$lib/libcors.so" ] && [ -L "$lib/libcors.so.1" ] &&
    [ -f "$lib/libcors.so.1.0.0" ] ||
    die "expected libcors.so -> libcors.so.1 -> libcors.so.1.0.0 in $lib" ||
    return 1
  readelf -d "$lib/libcors.so.1.0.0" | grep -q 'SONAME.*\[libcors\.so\.1\]' ||
    die "SONAME is not libcors.so.1" || return 1
  cmake -DNM=nm -DLIB="$lib/libcors.so.1.0.0" \
    -P "$here/check_exports.cmake"
}

# cors-check, when tools/ builds it: installed and runnable from the
# prefix without LD_LIBRARY_PATH.
installed_cors_check() {
  FRONTEND_ORIGINS=https://app.example.com \
    "$work/shared-prefix/bin/cors-check" --lint
}

# An absolute CMAKE_INSTALL_LIBDIR lands verbatim in libcors.pc, and a
# pkg-config build against that install still works.
pkgconfig_absolute_libdir() {
  local build="$work/static-build" prefix="$work/abs-prefix"
  local libdir="$work/abs-libdir/lib64" pcdir
  cmake "$build" -DCMAKE_INSTALL_LIBDIR="$libdir" &&
    cmake --build "$build" -j"$jobs" &&
    cmake --install "$build" --prefix "$prefix" || return 1
  pcdir="$libdir/pkgconfig"
  [ "$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=libdir libcors)" = "$libdir" ] ||
    die "libdir is not $libdir" || return 1
  [ "$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=includedir libcors)" = \
    "$prefix/include" ] || die "includedir is not $prefix/include" || return 1
  mkdir -p "$work/pkgconfig-abs" &&
    cp "$here/pkgconfig/Makefile" "$here/pkgconfig/app.c" "$work/pkgconfig-abs/" &&
    PKG_CONFIG_PATH=$pcdir make -C "$work/pkgconfig-abs" STATIC=1 &&
    "$work/pkgconfig-abs/app"
}

# docs/packaging.md must quote each consumer's build file verbatim, so the
# snippets users copy are the ones built above.
docs_match_consumers() {
  local doc="$root/docs/packaging.md" text file
  text=$(cat "$doc") || return 1
  for file in find_package/CMakeLists.txt pkgconfig/Makefile \
    fetchcontent/CMakeLists.txt; do
    [[ "$text" == *"$(cat "$here/$file")"* ]] ||
      die "docs/packaging.md does not quote tests/consumers/$file verbatim" ||
      return 1
  done
}

for kind in shared static; do
  check "build and install libcors ($kind)" build_libcors "$kind"
done
check "find_package, shared install" consumer_find_package shared
check "find_package, static install" consumer_find_package static
check "pkg-config, shared install" consumer_pkgconfig shared
check "pkg-config --static, static install" consumer_pkgconfig static
check "FetchContent, static (parent's default)" consumer_fetchcontent static
check "FetchContent, parent with BUILD_SHARED_LIBS=ON" \
  consumer_fetchcontent shared
check "find_package version: 1.x accepted, 0.x and 2.x refused" \
  package_version_check
check "shared library: SONAME and only cors_* exported" shared_library_abi
if [ -e "$work/shared-prefix/bin/cors-check" ]; then
  check "installed cors-check runs" installed_cors_check
fi
check "libcors.pc with an absolute CMAKE_INSTALL_LIBDIR" \
  pkgconfig_absolute_libdir
check "docs/packaging.md quotes the consumers" docs_match_consumers

echo "consumers: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  printf '  failed: %s\n' "${failed_names[@]}"
  exit 1
fi

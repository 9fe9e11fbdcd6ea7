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
jobs=${CORS_CONSUMERS_JOBS:-2} # the machine has 2 cores
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

# version: the version of libcors being installed, from its project().
version() {
  sed -n 's/^project(cors VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt"
}

# expect_linkage KIND BINARY: BINARY needs libcors.so.MAJOR at run time if
# KIND is shared, and does not need it at all if KIND is static.
expect_linkage() {
  local major needed=no
  major=$(version) && major=${major%%.*}
  readelf -d "$2" | grep -q "NEEDED.*\[libcors\.so\.$major\]" && needed=yes
  case $1:$needed in
  shared:yes | static:no) ;;
  shared:no) die "$2 does not load libcors.so.$major" ;;
  static:yes) die "$2 loads libcors.so.$major, not the static library" ;;
  esac
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
  expect_linkage "$kind" "$build/app" || return 1
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
    pc static --static --libs libcors | grep -qw -- '-pthread' ||
      die "pkg-config --static --libs lacks -pthread (Libs.private)" ||
      return 1
  fi
  mkdir -p "$build" && cp "$here/pkgconfig/Makefile" "$here/pkgconfig/app.c" \
    "$build/" || return 1
  PKG_CONFIG_PATH="$(libdir "$kind")/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    make -C "$build" STATIC=$static || return 1
  expect_linkage "$kind" "$build/app" || return 1
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
  expect_linkage "$kind" "$build/app" || return 1
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

# The package accepts requests for any version of its major version and
# refuses the ones before and after (for 1.2.3: 1.0 yes, 0.9 and 2.0 no):
# the SONAME, and possibly the API, change with the major version.
package_version_check() {
  local major wanted result expected
  major=$(version) && major=${major%%.*}
  for wanted in "$major.0" "$((major + 1)).0" "$((major - 1)).9"; do
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
    expected=refused
    [ "${wanted%%.*}" = "$major" ] && expected=found
    echo "find_package(cors $wanted): $result"
    [ "$result" = "$expected" ] ||
      die "find_package(cors $wanted) was $result, not $expected" || return 1
  done
}

# The installed shared library: versioned file names, SONAME with the major
# version only, nothing but cors_* exported.
shared_library_abi() {
  local lib version major
  lib=$(libdir shared) && version=$(version) && major=${version%%.*}
  [ -L "$lib/libcors.so" ] && [ -L "$lib/libcors.so.$major" ] &&
    [ -f "$lib/libcors.so.$version" ] ||
    die "expected libcors.so -> libcors.so.$major -> libcors.so.$version" \
      "in $lib" || return 1
  readelf -d "$lib/libcors.so.$version" |
    grep -q "SONAME.*\[libcors\.so\.$major\]" ||
    die "SONAME is not libcors.so.$major" || return 1
  cmake -DNM=nm -DLIB="$lib/libcors.so.$version" \
    -P "$here/check_exports.cmake"
}

# cors-check, when tools/ builds it: installed and runnable from the
# prefix without LD_LIBRARY_PATH.
installed_cors_check() {
  FRONTEND_ORIGINS=https://app.example.com \
    "$work/shared-prefix/bin/cors-check" --lint
}

# An absolute CMAKE_INSTALL_LIBDIR lands verbatim in libcors.pc, and both
# a pkg-config and a find_package build against that install still work.
# (With absolute directories CMake's export hardcodes the configure-time
# prefix, so the prefix is given there, not to cmake --install.)
absolute_libdir() {
  local build="$work/static-build" prefix="$work/abs-prefix"
  local libdir="$work/abs-libdir/lib64" pcdir
  cmake "$build" -DCMAKE_INSTALL_LIBDIR="$libdir" \
    -DCMAKE_INSTALL_PREFIX="$prefix" &&
    cmake --build "$build" -j"$jobs" &&
    cmake --install "$build" || return 1
  pcdir="$libdir/pkgconfig"
  [ "$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=libdir libcors)" = "$libdir" ] ||
    die "libdir is not $libdir" || return 1
  [ "$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=includedir libcors)" = \
    "$prefix/include" ] || die "includedir is not $prefix/include" || return 1
  mkdir -p "$work/pkgconfig-abs" &&
    cp "$here/pkgconfig/Makefile" "$here/pkgconfig/app.c" "$work/pkgconfig-abs/" &&
    PKG_CONFIG_PATH=$pcdir make -C "$work/pkgconfig-abs" STATIC=1 &&
    "$work/pkgconfig-abs/app" || return 1
  grep -qF "set(_IMPORT_PREFIX \"$prefix\")" \
    "$libdir/cmake/cors/cors-targets.cmake" ||
    die "cors-targets.cmake does not point at $prefix" || return 1
  cmake -S "$here/find_package" -B "$work/find_package-abs" \
    -Dcors_DIR="$libdir/cmake/cors" &&
    cmake --build "$work/find_package-abs" &&
    "$work/find_package-abs/app"
}

# docs/packaging.md (and the README, once it has a "Use it in your
# project" section) must quote each consumer's build file verbatim, so the
# snippets users copy are the ones built above.
docs_match_consumers() {
  local docs=(docs/packaging.md) doc text file
  grep -q '^#* *Use it in your project' "$root/README.md" 2>/dev/null &&
    docs+=(README.md)
  for doc in "${docs[@]}"; do
    text=$(cat "$root/$doc") || return 1
    for file in find_package/CMakeLists.txt pkgconfig/Makefile \
      fetchcontent/CMakeLists.txt; do
      [[ "$text" == *"$(cat "$here/$file")"* ]] ||
        die "$doc does not quote tests/consumers/$file verbatim" || return 1
    done
    echo "$doc quotes all three consumers"
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
check "find_package version: same major accepted, others refused" \
  package_version_check
check "shared library: SONAME and only cors_* exported" shared_library_abi
if [ -e "$work/shared-prefix/bin/cors-check" ]; then
  check "installed cors-check runs" installed_cors_check
fi
check "absolute CMAKE_INSTALL_LIBDIR: pkg-config and find_package" \
  absolute_libdir
check "the documented snippets are the consumers built here" \
  docs_match_consumers

echo "consumers: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  printf '  failed: %s\n' "${failed_names[@]}"
  exit 1
fi

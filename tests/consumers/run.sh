#!/usr/bin/env bash
# Proves libcors can be consumed the ways its README says, from scratch.
#
# The README's snippets are the source: every fenced block that follows a
# `<!-- consumer: NAME -->` line of README.md is extracted to NAME (the
# install command, each consumer's build file and its build commands), so
# a snippet that drifts from what works fails here. First, as a newcomer
# would, in an environment where pkg-config sees PCRE2 and nothing else
# (so not Check): the README's install command into $HOME/.local of a
# scratch HOME, then each consumer built and run exactly as printed
# (find_package, pkg-config with its rpath, FetchContent from a git
# repository at the release tag and from a copy in the tree). Then the
# same build files against fresh shared and static installs and as a
# FetchContent guest of parents with other settings; the installed shared
# library's exports and SONAME; the package version rules; the
# pkg-config file under an absolute CMAKE_INSTALL_LIBDIR.
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

readme="$work/readme"      # the README's snippets, by consumer name
home="$work/home"          # the newcomer's HOME
pconly="$work/pkgconfig-pcre2-only"

# extract_readme: writes the fenced block after each `<!-- consumer: NAME
# -->` line of README.md to $readme/NAME, and fails when one of the
# snippets this script builds is missing or not right below its marker.
extract_readme() {
  local name
  mkdir -p "$readme" || return 1
  awk -v out="$readme" '
    pending != "" {
      if ($0 !~ /^```/) {
        print "README.md line " NR ": no code block right after the marker " \
          "for " pending > "/dev/stderr"
        bad = 1
        pending = ""
        next
      }
      flat = pending
      gsub("/", "__", flat)
      file = out "/" flat
      pending = ""
      inside = 1
      printf "" > file
      next
    }
    inside && /^```$/ { inside = 0; close(file); next }
    inside { print > file; next }
    /^<!-- consumer: [^ ]+ -->$/ { pending = $3 }
    END { exit bad }
  ' "$root/README.md" || return 1
  for name in install.sh find_package/CMakeLists.txt find_package/build.sh \
    pkgconfig/Makefile pkgconfig/build.sh fetchcontent-git/CMakeLists.txt \
    fetchcontent-git/build.sh fetchcontent-local/CMakeLists.txt \
    fetchcontent-local/build.sh; do
    [ -s "$readme/${name//\//__}" ] ||
      die "README.md has no block marked <!-- consumer: $name -->" || return 1
    if [ "$name" != "${name//\//__}" ]; then
      mkdir -p "$readme/$(dirname "$name")" &&
        mv "$readme/${name//\//__}" "$readme/$name" || return 1
    fi
    echo "extracted $name"
  done
}

# consumer_src NAME APP [TAG]: a fresh directory holding the README's files
# for consumer NAME and tests/consumers/APP/app.c; prints its path.
consumer_src() {
  local dir="$work/src-$1${3:+-$3}"
  rm -rf "$dir" && mkdir -p "$dir" &&
    cp "$readme/$1"/* "$here/$2/app.c" "$dir/" && echo "$dir"
}

# copy_source DIR: the files of this tree (tracked and untracked, not
# ignored: no build directories) copied to DIR.
copy_source() {
  mkdir -p "$1" || return 1
  if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
    (cd "$root" && git ls-files -z --cached --others --exclude-standard |
      tar --null -T - --ignore-failed-read -cf -) | tar -C "$1" -xf -
  else
    (cd "$root" && tar --exclude='./build*' -cf - .) | tar -C "$1" -xf -
  fi
}

# newcomer CMD...: CMD in the newcomer's environment: HOME is $home,
# pkg-config sees only PCRE2, no LD_LIBRARY_PATH.
newcomer() {
  env -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH -u CMAKE_PREFIX_PATH \
    HOME="$home" PKG_CONFIG_LIBDIR="$pconly" "$@"
}

# A pkg-config directory with PCRE2's .pc file (and those it requires)
# only; Check must not be found there, and a configure that asks for the
# tests must fail there, or the install check below would prove nothing.
no_check_environment() {
  local pc req
  mkdir -p "$pconly" "$home" || return 1
  pc="$(pkg-config --variable=pcfiledir libpcre2-8)/libpcre2-8.pc" &&
    cp "$pc" "$pconly/" || return 1
  for req in $(pkg-config --print-requires --print-requires-private \
    libpcre2-8 | awk '{print $1}'); do
    cp "$(pkg-config --variable=pcfiledir "$req")/$req.pc" "$pconly/" ||
      return 1
  done
  newcomer pkg-config --exists libpcre2-8 ||
    die "pkg-config does not see PCRE2 in $pconly" || return 1
  ! newcomer pkg-config --exists check ||
    die "pkg-config still sees Check" || return 1
  local out
  if out=$(newcomer cmake -S "$root" -B "$work/with-tests-build" \
    -DCORS_BUILD_TESTS=ON 2>&1); then
    die "a configure with the tests on passed without Check"
    return 1
  fi
  grep -q "Package 'check'.* not found" <<<"$out" ||
    die "the configure with the tests on failed, but not for Check:" \
      "$out" || return 1
  # ...and tells the newcomer how to build without the tests.
  grep -q -- "-DCORS_BUILD_TESTS=OFF" <<<"$out" ||
    die "the failed configure does not mention -DCORS_BUILD_TESTS=OFF:" \
      "$out" || return 1
  echo "without Check, -DCORS_BUILD_TESTS=ON fails as it should"
}

# The README's install command, as printed, in a copy of the tree.
readme_install() {
  local src="$work/readme-src" prefix="$home/.local"
  copy_source "$src" &&
    (cd "$src" && newcomer bash -e "$readme/install.sh") || return 1
  for f in lib/libcors.so include/cors/cors.h include/cors/cors_version.h \
    lib/cmake/cors/cors-config.cmake lib/pkgconfig/libcors.pc \
    bin/cors-check share/man/man1/cors-check.1 share/man/man3/libcors.3; do
    [ -e "$prefix/$f" ] || die "the install lacks $prefix/$f" || return 1
  done
  echo "installed into $prefix"
}

# readme_consumer NAME APP: the README's consumer NAME (its build file and
# its build.sh) built and run as printed, with the app.c of APP.
readme_consumer() {
  local src
  src=$(consumer_src "$1" "$2" readme) || return 1
  if [ "$1" = fetchcontent-local ]; then
    mkdir -p "$src/third_party" && copy_source "$src/third_party/libcors" ||
      return 1
  fi
  (cd "$src" && newcomer bash -e build.sh)
}

# The git repository the FetchContent snippet clones: $HOME/src/libcors,
# this tree committed and tagged with the release tag of its version.
readme_git_repository() {
  local repo="$home/src/libcors"
  copy_source "$repo" &&
    git -C "$repo" init -q &&
    git -C "$repo" add -A &&
    git -C "$repo" -c user.name=ci -c user.email=ci@localhost \
      commit -qm "libcors $(version)" &&
    git -C "$repo" tag "v$(version)"
}

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
  local kind=$1 build="$work/find_package-$1" src
  src=$(consumer_src find_package find_package) || return 1
  cmake -S "$src" -B "$build" \
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
  mkdir -p "$build" && cp "$readme/pkgconfig/Makefile" "$here/pkgconfig/app.c" \
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
  local deps="$work/fetchcontent-$1/_deps/cors-build" dir src
  [ "$kind" = shared ] && shared=ON
  # The parent enables its own tests (include(CTest) right after its
  # project()), as many do; libcors must not add its tests to them.
  echo 'include(CTest)' >"$work/parent-enables-ctest.cmake"
  src=$(consumer_src fetchcontent-local fetchcontent "fc-$kind") || return 1
  mkdir -p "$src/third_party" && ln -sfn "$root" "$src/third_party/libcors" &&
  cmake -S "$src" -B "$build" \
    -DCMAKE_PROJECT_app_INCLUDE="$work/parent-enables-ctest.cmake" \
    -DBUILD_SHARED_LIBS=$shared &&
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
    cp "$readme/pkgconfig/Makefile" "$here/pkgconfig/app.c" "$work/pkgconfig-abs/" &&
    PKG_CONFIG_PATH=$pcdir make -C "$work/pkgconfig-abs" STATIC=1 &&
    "$work/pkgconfig-abs/app" || return 1
  grep -qF "set(_IMPORT_PREFIX \"$prefix\")" \
    "$libdir/cmake/cors/cors-targets.cmake" ||
    die "cors-targets.cmake does not point at $prefix" || return 1
  cmake -S "$(consumer_src find_package find_package abs)" \
    -B "$work/find_package-abs" \
    -Dcors_DIR="$libdir/cmake/cors" &&
    cmake --build "$work/find_package-abs" &&
    "$work/find_package-abs/app"
}

check "README snippets extracted" extract_readme
check "README: pkg-config sees PCRE2 only, not Check" no_check_environment
check "README: install command, without Check" readme_install
check "README: find_package, as printed" readme_consumer find_package \
  find_package
check "README: pkg-config Makefile, as printed (rpath, no LD_LIBRARY_PATH)" \
  readme_consumer pkgconfig pkgconfig
check "README: FetchContent from git at the release tag, as printed" \
  eval 'readme_git_repository && readme_consumer fetchcontent-git fetchcontent'
check "README: FetchContent from third_party/libcors, as printed" \
  readme_consumer fetchcontent-local fetchcontent

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

echo "consumers: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  printf '  failed: %s\n' "${failed_names[@]}"
  exit 1
fi

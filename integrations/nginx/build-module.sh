#!/usr/bin/env bash
# Builds ngx_http_cors_module.so against a distribution's nginx: runs
# nginx's own configure (from Debian's nginx-dev, /usr/share/nginx/src)
# with the distribution's configure flags plus --add-dynamic-module, and
# makes the `modules` target. Called by CMake (CORS_BUILD_NGINX=ON):
#
#   build-module.sh NGINX_SRC MODULE_DIR WORK_DIR OUTPUT CORS_INCS CORS_LIBS \
#                   [MAKE]
#
# CORS_INCS is a space-separated list of include directories (libcors's
# public header), CORS_LIBS the link arguments for libcors (a static,
# position-independent archive and its dependencies). MAKE is the make to
# run nginx's Makefile with (default make); CMake's Makefile generator
# passes $(MAKE), so that GNU make shares its job server with this one.
set -euo pipefail
src=$1 module_dir=$2 work=$3 output=$4
export CORS_NGX_INCS=$5 CORS_NGX_LIBS=$6
make=${7:-make}

# configure writes its Makefile and objs/ into the current directory and
# the distribution's tree is read-only, so it runs in a copy.
tree=$work/nginx
if [ ! -f "$tree/configure" ] || [ "$src/configure" -nt "$tree/configure" ]; then
  rm -rf "$tree"
  mkdir -p "$work"
  cp -R "$src" "$tree"
fi

NGX_CONF_FLAGS=(--with-compat)
if [ -f "$tree/conf_flags" ]; then
  # Debian's list of the flags its nginx was configured with (bash syntax)
  # shellcheck disable=SC1091
  . "$tree/conf_flags"
fi

cc_opt='-g -O2 -fPIC -fstack-protector-strong -Wformat -Werror=format-security -D_FORTIFY_SOURCE=2'
# libcors is linked in statically; its symbols stay inside the module.
ld_opt='-Wl,-z,relro -Wl,-z,now -fPIC -Wl,--exclude-libs,ALL'

stamp=$tree/objs/cors-configure.args
args="${NGX_CONF_FLAGS[*]} $cc_opt $ld_opt $module_dir $CORS_NGX_INCS $CORS_NGX_LIBS"
if [ ! -f "$tree/objs/Makefile" ] || [ ! -f "$stamp" ] ||
   [ "$(cat "$stamp")" != "$args" ] || [ "$module_dir/config" -nt "$stamp" ]; then
  echo "nginx: configure --add-dynamic-module=$module_dir"
  (cd "$tree" && ./configure "${NGX_CONF_FLAGS[@]}" \
      --with-cc-opt="$cc_opt" --with-ld-opt="$ld_opt" \
      --add-dynamic-module="$module_dir" >"$work/configure.log" 2>&1) || {
    tail -30 "$work/configure.log" >&2
    echo "build-module.sh: nginx's configure failed (log: $work/configure.log)" >&2
    exit 1
  }
  printf '%s' "$args" >"$stamp"
fi

# libcors may have changed without any module source changing: relink.
rm -f "$tree/objs/ngx_http_cors_module.so"
# Under a parent make, its job server sets the parallelism (the recipe
# that runs this script names $(MAKE), so the server is open to us);
# otherwise (Ninja, or run by hand) an explicit -j.
jobs=-j"${CORS_NGINX_JOBS:-2}"
case "${MAKEFLAGS:-}" in *jobserver*) jobs= ;; esac
"$make" -s -C "$tree" -f objs/Makefile $jobs modules
cp "$tree/objs/ngx_http_cors_module.so" "$output"

#!/usr/bin/env bash
# Requests per second of Debian's nginx serving a small static file, with
# and without ngx_http_cors_module, same machine, same run (wrk). Prints
# figures only; never a pass/fail verdict.
#
#   integrations/nginx/bench.sh [BUILD_DIR] [SECONDS] [ROUNDS]
#                                                   (default build, 5, 3)
#
# Three servers of one nginx (the module loaded): no cors directive, and
# `cors on` with an allowed and a refused Origin; plus a second nginx that
# does not load the module at all. Each is measured with
# `wrk -t1 -c8 -d${SECONDS}s`, ROUNDS rounds interleaved (every case once
# per round, so a burst of load elsewhere hits all cases alike), and the
# median printed.
set -euo pipefail
build=${1:-build}
seconds=${2:-5}
rounds=${3:-3}
module=$(cd "$build" && pwd)/integrations/nginx/ngx_http_cors_module.so
[ -f "$module" ] || { echo "bench.sh: no $module (build with -DCORS_BUILD_NGINX=ON)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench.sh: wrk not installed (apt-get install wrk)" >&2; exit 2; }

dir=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
user=""
[ "$(id -u)" -eq 0 ] && user="user root;"
mkdir -p "$dir/html" "$dir/plain"
printf 'hello from a small static file\n' >"$dir/html/index.html"
cp "$dir/html/index.html" "$dir/plain/index.html"
p_off=$(free_port) p_on=$(free_port) p_plain=$(free_port)

conf() { # name, load_module line, servers
  cat >"$dir/$1.conf" <<CONF
daemon off; master_process on; worker_processes 1; $user
pid $dir/$1.pid; error_log $dir/$1.error.log warn;
$2
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/$1-body; proxy_temp_path $dir/$1-proxy;
  fastcgi_temp_path $dir/$1-fcgi; uwsgi_temp_path $dir/$1-uwsgi; scgi_temp_path $dir/$1-scgi;
  $3
}
CONF
}
conf module "load_module $module;" "
  server { listen 127.0.0.1:$p_off; root $dir/html; }
  server { listen 127.0.0.1:$p_on; root $dir/html; cors on;
           cors_origins https://app.example.com; cors_credentials on; }"
conf plain "" "server { listen 127.0.0.1:$p_plain; root $dir/plain; }"

for name in module plain; do
  /usr/sbin/nginx -p "$dir/" -c "$dir/$name.conf" &
  pids+=($!)
done
for port in $p_off $p_on $p_plain; do
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.05; done
done

rps() { # port, extra wrk args...
  local port=$1
  shift
  wrk -t1 -c8 -d"${seconds}s" "$@" "http://127.0.0.1:$port/" |
    sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

declare -A runs
cases=(plain off on_allowed on_refused)
load_start=$(cut -d' ' -f1 /proc/loadavg)
for _ in $(seq "$rounds"); do
  runs[plain]+=" $(rps "$p_plain")"
  runs[off]+=" $(rps "$p_off")"
  runs[on_allowed]+=" $(rps "$p_on" -H 'Origin: https://app.example.com')"
  runs[on_refused]+=" $(rps "$p_on" -H 'Origin: https://evil.example')"
done
base=$(median ${runs[plain]})
echo "nginx $(/usr/sbin/nginx -v 2>&1 | sed 's/.*\///'), wrk -t1 -c8 -d${seconds}s, median of $rounds, $(nproc) cores, load average $load_start at start, $(cut -d' ' -f1 /proc/loadavg) at end"
printf '%-44s %12s %8s\n' "server" "requests/s" "ratio"
label() {
  case $1 in
    plain) echo "module not loaded" ;;
    off) echo "module loaded, cors off" ;;
    on_allowed) echo "cors on, allowed Origin" ;;
    on_refused) echo "cors on, refused Origin" ;;
  esac
}
for c in "${cases[@]}"; do
  m=$(median ${runs[$c]})
  printf '%-44s %12.0f %8.3f\n' "$(label "$c")" "$m" "$(awk -v m="$m" -v b="$base" 'BEGIN { print m / b }')"
done

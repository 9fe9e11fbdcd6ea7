#!/usr/bin/env bash
# Quick start: builds libcors and the libmicrohttpd example server, then
# runs it on http://127.0.0.1:8000 with the built-in localhost defaults
# (http://localhost:3000 and :5173 may call it with credentials).
#
#   bash scripts/demo.sh                   # PORT and the CORS_* / FRONTEND_ORIGINS
#                                          # variables of the environment apply
# Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh demo
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=Release \
  -DCORS_BUILD_TESTS=OFF -DCORS_BUILD_BENCH=OFF >/dev/null
cmake --build build-demo -j"$jobs" --target cors_example_microhttpd

port=${PORT:-8000}
cat <<MSG

libcors demo: cors_example_microhttpd on http://127.0.0.1:$port
Try it from another terminal:

  # a preflight from a page on http://localhost:3000 (answered 204 by libcors)
  curl -i -X OPTIONS http://127.0.0.1:$port/api/v1/items/42 \\
       -H 'Origin: http://localhost:3000' \\
       -H 'Access-Control-Request-Method: PUT' \\
       -H 'Access-Control-Request-Headers: content-type, authorization'

  # the actual request, and a 401 that stays readable cross-origin
  curl -i http://127.0.0.1:$port/api/v1/items -H 'Origin: http://localhost:3000'
  curl -i http://127.0.0.1:$port/api/v1/users/me/profiles -H 'Origin: http://localhost:3000'

  # an origin that is not allowed: no Access-Control-Allow-* headers
  curl -i http://127.0.0.1:$port/api/v1/items -H 'Origin: https://evil.example'

Each request is logged below with its CORS verdict. Ctrl-C stops the server.

MSG
exec ./build-demo/examples/cors_example_microhttpd

printf 'OPTIONS /api/items HTTP/1.1\r\nOrigin: http://localhost:5173\r\nAccess-Control-Request-Method: DELETE\r\n\r\n' | cors-check
--- exit 0
--- stdout
kind:    preflight
verdict: allowed
reason:  none
action:  respond (answer now with an empty body)
status:  204
headers:
  Access-Control-Allow-Origin: http://localhost:5173
  Access-Control-Allow-Credentials: true
  Access-Control-Allow-Methods: DELETE
  Access-Control-Max-Age: 3600
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network
warning: dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them

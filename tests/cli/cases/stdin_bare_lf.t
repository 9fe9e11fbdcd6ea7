printf 'GET / HTTP/1.1\nOrigin: http://localhost:3000\n' | cors-check
--- exit 0
--- stdout
kind:    actual
verdict: allowed
reason:  none
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Access-Control-Allow-Origin: http://localhost:3000
  Access-Control-Allow-Credentials: true
  Access-Control-Expose-Headers: ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset
  Vary: Origin
warning: dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them

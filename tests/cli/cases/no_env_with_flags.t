# docs/cors-check.md: trying a policy without the environment.
FRONTEND_ORIGINS='https://other.example.com' cors-check --no-env --origins 'https://app.example.com' --credentials false -H 'Origin: https://app.example.com'
--- exit 0
--- stdout
kind:    actual
verdict: allowed
reason:  none
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Access-Control-Allow-Origin: https://app.example.com
  Access-Control-Expose-Headers: ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset
  Vary: Origin

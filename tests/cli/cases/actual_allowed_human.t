# No -X: the method defaults to GET. The action is continue: the headers go
# on whatever the application answers.
FRONTEND_ORIGINS='https://app.example.com' cors-check -H 'Origin: https://app.example.com'
--- exit 0
--- stdout
kind:    actual
verdict: allowed
reason:  none
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Access-Control-Allow-Origin: https://app.example.com
  Access-Control-Allow-Credentials: true
  Access-Control-Expose-Headers: ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset
  Vary: Origin

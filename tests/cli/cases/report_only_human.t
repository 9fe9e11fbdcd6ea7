# Report-only: the verdict, and the action and headers the server sends
# once enforcing (in report-only it sends none).
CORS_REPORT_ONLY=true FRONTEND_ORIGINS='https://app.example.com' cors-check -X OPTIONS -H 'Origin: https://evil.example' -H 'Access-Control-Request-Method: PUT'
--- exit 1
--- stdout
mode:    report-only: the server only logs and counts this verdict; the action and headers below are what it sends once enforcing
kind:    preflight
verdict: denied
reason:  origin_not_allowed (https://evil.example)
why:     origin 'https://evil.example' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex; settings: FRONTEND_ORIGINS, ALLOW_ORIGINS_REGEX
action:  respond (answer now with an empty body)
status:  403
headers:
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers

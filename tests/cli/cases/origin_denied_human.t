FRONTEND_ORIGINS='https://app.example.com' cors-check -H 'Origin: https://evil.example.com'
--- exit 1
--- stdout
kind:    actual
verdict: denied
reason:  origin_not_allowed (https://evil.example.com)
why:     origin 'https://evil.example.com' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex; settings: FRONTEND_ORIGINS, ALLOW_ORIGINS_REGEX
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Vary: Origin

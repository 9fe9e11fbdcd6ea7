FRONTEND_ORIGINS='https://app.example.com' cors-check -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: content-type, x-unknown'
--- exit 1
--- stdout
kind:    preflight
verdict: denied
reason:  header_not_allowed (x-unknown)
why:     request header 'x-unknown' is not allowed: add it to the allowed request headers; setting: CORS_ALLOW_HEADERS
action:  respond (answer now with an empty body)
status:  403
headers:
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network

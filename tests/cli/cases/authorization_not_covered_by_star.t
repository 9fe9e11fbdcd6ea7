# A * in allowed headers never covers Authorization.
FRONTEND_ORIGINS='https://app.example.com' CORS_ALLOW_HEADERS='*' cors-check -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: authorization'
--- exit 1
--- stdout
kind:    preflight
verdict: denied
reason:  header_not_allowed (authorization)
why:     request header 'authorization' is not allowed: add it to the allowed request headers by name (a * never covers Authorization); setting: CORS_ALLOW_HEADERS
action:  respond (answer now with an empty body)
status:  403
headers:
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network
warning: wildcard-without-authorization: CORS_ALLOW_HEADERS has '*' but not Authorization: the wildcard never covers Authorization (Fetch Standard), so requests sending it will fail their preflight; list it by name if clients send it

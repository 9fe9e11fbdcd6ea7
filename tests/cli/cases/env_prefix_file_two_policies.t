# One .env file, two policies: the credentialed app and, under a prefix,
# the public API; the why line names the prefixed variables.
cat > both.env <<'ENV'
FRONTEND_ORIGINS=https://app.example.com
ADMIN_FRONTEND_ORIGINS=https://admin.example.com
ADMIN_CORS_ALLOW_METHODS=GET
ENV
cors-check --env-file both.env --env-prefix ADMIN_ -X OPTIONS -H 'Origin: https://admin.example.com' -H 'Access-Control-Request-Method: DELETE'
--- exit 1
--- stdout
kind:    preflight
verdict: denied
reason:  method_not_allowed (DELETE)
why:     method 'DELETE' is not allowed: add it to the allowed methods (methods are case-sensitive); setting: ADMIN_CORS_ALLOW_METHODS
action:  respond (answer now with an empty body)
status:  403
headers:
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers

FRONTEND_ORIGINS='https://app.example.com' cors-check -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: Content-Type, X-Request-ID'
--- exit 0
--- stdout
kind:    preflight
verdict: allowed
reason:  none
action:  respond (answer now with an empty body)
status:  204
headers:
  Access-Control-Allow-Origin: https://app.example.com
  Access-Control-Allow-Credentials: true
  Access-Control-Allow-Methods: PUT
  Access-Control-Allow-Headers: Content-Type, X-Request-ID
  Access-Control-Max-Age: 3600
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network

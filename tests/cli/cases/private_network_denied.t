FRONTEND_ORIGINS='https://app.example.com' cors-check -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Private-Network: true'
--- exit 1
--- stdout
kind:    preflight
verdict: denied
reason:  private_network_not_allowed (true)
why:     the preflight asks for private network access: allow private network access to grant it; setting: CORS_ALLOW_PRIVATE_NETWORK=true
action:  respond (answer now with an empty body)
status:  403
headers:
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network

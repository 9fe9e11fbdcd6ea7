# curl -v output pasted from a terminal (LF line ends; the lone '>' that
# ends the head lost its trailing space): the '> ' lines are the request,
# the '* ' and '< ' lines are ignored.
cors-check <<'CURL'
*   Trying 127.0.0.1:8000...
* Connected to 127.0.0.1 (127.0.0.1) port 8000 (#0)
> OPTIONS /api/v1/items HTTP/1.1
> Host: 127.0.0.1:8000
> User-Agent: curl/7.88.1
> Accept: */*
> Origin: http://localhost:3000
> Access-Control-Request-Method: PUT
> Access-Control-Request-Headers: authorization, content-type
>
< HTTP/1.1 204 No Content
< Access-Control-Allow-Origin: http://localhost:3000
< Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network
<
* Connection #0 to host 127.0.0.1 left intact
CURL
--- exit 0
--- stdout
kind:    preflight
verdict: allowed
reason:  none
action:  respond (answer now with an empty body)
status:  204
headers:
  Access-Control-Allow-Origin: http://localhost:3000
  Access-Control-Allow-Credentials: true
  Access-Control-Allow-Methods: PUT
  Access-Control-Allow-Headers: authorization, content-type
  Access-Control-Max-Age: 3600
  Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network
warning: dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them

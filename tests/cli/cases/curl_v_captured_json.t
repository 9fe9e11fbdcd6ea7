# Real `curl -v URL -H 'Origin: ...' 2>&1` output (CRLF on curl's lines,
# its progress meter, the response body), as captured from the example
# server: the denied origin and the sentence are in the JSON.
sed 's/$/\r/' <<'CURL' | FRONTEND_ORIGINS=http://localhost:3000 cors-check --json
  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                 Dload  Upload   Total   Spent    Left  Speed
  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 127.0.0.1:55947...
* Connected to 127.0.0.1 (127.0.0.1) port 55947 (#0)
> GET /api/v1/users/me/profiles HTTP/1.1
> Host: 127.0.0.1:55947
> User-Agent: curl/7.88.1
> Accept: */*
> Origin: https://evil.example
> 
< HTTP/1.1 401 Unauthorized
< Date: Fri, 27 Nov 2026 09:46:46 GMT
< X-Request-ID: req-6b095186-1
< X-Internal-Debug: 1
< Vary: Authorization, Origin
< WWW-Authenticate: Bearer
< Content-Type: application/json
< Content-Length: 24
< 
{ [24 bytes data]
{"error":"unauthorized"}
100    24  100    24    0     0  20761      0 --:--:-- --:--:-- --:--:-- 24000
* Connection #0 to host 127.0.0.1 left intact
CURL
--- exit 1
--- stdout
{"kind":"actual","allowed":false,"reason":"origin_not_allowed","reason_detail":"https://evil.example","why":"origin 'https://evil.example' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex; settings: FRONTEND_ORIGINS, ALLOW_ORIGINS_REGEX","action":"continue","status":null,"headers":[["Vary","Origin"]],"warnings":[]}

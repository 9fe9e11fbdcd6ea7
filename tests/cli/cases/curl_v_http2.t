# curl -v over HTTP/2 prints 'HTTP/2' and lower-case header names.
cors-check --no-env --origin https://app.example.com --json <<'CURL'
* using HTTP/2
> PUT /api/v1/items/42 HTTP/2
> host: api.example.com
> origin: https://app.example.com
> 
CURL
--- exit 0
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Credentials","true"],["Access-Control-Expose-Headers","ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"],["Vary","Origin"]],"warnings":[]}

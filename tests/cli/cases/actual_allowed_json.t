FRONTEND_ORIGINS='https://app.example.com' cors-check --json -X POST -H 'Origin: https://app.example.com'
--- exit 0
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Credentials","true"],["Access-Control-Expose-Headers","ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"],["Vary","Origin"]],"warnings":[]}

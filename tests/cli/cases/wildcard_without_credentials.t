FRONTEND_ORIGINS='*' CORS_ALLOW_CREDENTIALS=false cors-check --json -H 'Origin: https://anywhere.example'
--- exit 0
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","*"],["Access-Control-Expose-Headers","ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"]],"warnings":[]}

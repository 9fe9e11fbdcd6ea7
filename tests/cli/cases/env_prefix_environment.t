# --env-prefix: PUBLIC_ reads PUBLIC_FRONTEND_ORIGINS and so on; the
# unprefixed variables are another policy's.
PUBLIC_FRONTEND_ORIGINS='*' PUBLIC_CORS_ALLOW_CREDENTIALS=false PUBLIC_CORS_EXPOSE_HEADERS= FRONTEND_ORIGINS=https://app.example.com cors-check --env-prefix PUBLIC_ --json -H 'Origin: https://anyone.example'
--- exit 0
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","*"]],"warnings":[]}

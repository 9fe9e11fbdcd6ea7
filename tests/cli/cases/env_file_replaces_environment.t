# --env-file: the variables come from the file (dotenv syntax: export,
# quotes, comments); the real environment is ignored.
cat > app.env <<'ENV'
# the app's CORS
export FRONTEND_ORIGINS="https://app.example.com"   # quoted, with a comment
CORS_ALLOW_CREDENTIALS = false
CORS_EXPOSE_HEADERS=''
ENV
FRONTEND_ORIGINS=https://from-env.example cors-check --env-file app.env --json -H 'Origin: https://app.example.com'
FRONTEND_ORIGINS=https://from-env.example cors-check --env-file app.env --json -H 'Origin: https://from-env.example'
--- exit 1
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Vary","Origin"]],"warnings":[]}
{"kind":"actual","allowed":false,"reason":"origin_not_allowed","reason_detail":"https://from-env.example","why":"origin 'https://from-env.example' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex; settings: FRONTEND_ORIGINS, ALLOW_ORIGINS_REGEX","action":"continue","status":null,"headers":[["Vary","Origin"]],"warnings":[]}

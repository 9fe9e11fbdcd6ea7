FRONTEND_ORIGINS='https://a.example.com' cors-check --no-env --json -H 'Origin: https://a.example.com'
--- exit 1
--- stdout
{"kind":"actual","allowed":false,"reason":"origin_not_allowed","reason_detail":"https://a.example.com","why":"origin 'https://a.example.com' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex; settings: FRONTEND_ORIGINS, ALLOW_ORIGINS_REGEX","action":"continue","status":null,"headers":[["Vary","Origin"]],"warnings":["dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them"]}

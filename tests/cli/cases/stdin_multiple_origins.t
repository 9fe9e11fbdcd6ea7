printf 'GET / HTTP/1.1\r\nOrigin: http://localhost:3000\r\nOrigin: http://localhost:5173\r\n\r\n' | cors-check --json
--- exit 1
--- stdout
{"kind":"actual","allowed":false,"reason":"multiple_origins","reason_detail":"http://localhost:3000","why":"the request carries more than one Origin header","action":"continue","status":null,"headers":[["Vary","Origin"]],"warnings":["dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them"]}

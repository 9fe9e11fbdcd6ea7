FRONTEND_ORIGINS='https://app.example.com' cors-check --json -X OPTIONS -H 'Origin: https://evil.example.com' -H 'Access-Control-Request-Method: GET'
--- exit 1
--- stdout
{"kind":"preflight","allowed":false,"reason":"origin_not_allowed","reason_detail":"https://evil.example.com","why":"origin 'https://evil.example.com' is not allowed: add it to the allowed origins, or match it with a pattern or the origin regex; settings: FRONTEND_ORIGINS, ALLOW_ORIGINS_REGEX","action":"respond","status":403,"headers":[["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]],"warnings":[]}

FRONTEND_ORIGINS='https://app.example.com' cors-check --json -X OPTIONS -H 'Origin: https://evil.example.com' -H 'Access-Control-Request-Method: GET'
--- exit 1
--- stdout
{"kind":"preflight","allowed":false,"reason":"origin_not_allowed","action":"respond","status":403,"headers":[["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]],"warnings":[]}

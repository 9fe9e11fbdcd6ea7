# Browsers send patch as written; only the six Fetch methods are upper-cased.
FRONTEND_ORIGINS='https://app.example.com' cors-check --json -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: patch'
--- exit 1
--- stdout
{"kind":"preflight","allowed":false,"reason":"method_not_allowed","reason_detail":"patch","why":"method 'patch' is not allowed: add it to the allowed methods (methods are case-sensitive); setting: CORS_ALLOW_METHODS","action":"respond","status":403,"headers":[["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]],"warnings":[]}

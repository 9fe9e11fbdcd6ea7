# The README example: with no variable set, the seed preflight is allowed
# with the seed backend's headers.
cors-check --json -X OPTIONS -H 'Origin: http://localhost:3000' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: authorization'
--- exit 0
--- stdout
{"kind":"preflight","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"respond","status":204,"headers":[["Access-Control-Allow-Origin","http://localhost:3000"],["Access-Control-Allow-Credentials","true"],["Access-Control-Allow-Methods","GET"],["Access-Control-Allow-Headers","authorization"],["Access-Control-Max-Age","3600"],["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]],"warnings":["dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them"]}

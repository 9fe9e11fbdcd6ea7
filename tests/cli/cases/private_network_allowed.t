FRONTEND_ORIGINS='https://app.example.com' CORS_ALLOW_PRIVATE_NETWORK=yes cors-check --json -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Private-Network: true'
--- exit 0
--- stdout
{"kind":"preflight","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"respond","status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Credentials","true"],["Access-Control-Allow-Methods","GET"],["Access-Control-Max-Age","3600"],["Access-Control-Allow-Private-Network","true"],["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]],"warnings":[]}

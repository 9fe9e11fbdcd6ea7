# A policy flag still replaces its variable when the rest comes from a file.
printf 'FRONTEND_ORIGINS=https://app.example.com\nCORS_MAX_AGE=60\n' > app.env
cors-check --env-file app.env --max-age 5 --json -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'
--- exit 0
--- stdout
{"kind":"preflight","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"respond","status":204,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Credentials","true"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Max-Age","5"],["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]],"warnings":[]}

# Report-only in JSON: "report_only":true, the enforced action and headers.
printf 'FRONTEND_ORIGINS=https://app.example.com\nCORS_REPORT_ONLY=yes\nCORS_EXPOSE_HEADERS=\n' > shadow.env
cors-check --env-file shadow.env --json -H 'Origin: https://app.example.com'
--- exit 0
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"report_only":true,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","https://app.example.com"],["Access-Control-Allow-Credentials","true"],["Vary","Origin"]],"warnings":[]}

# A flag replaces its variable: FRONTEND_ORIGINS is not used here.
FRONTEND_ORIGINS='https://a.example.com' cors-check --origins 'https://b.example.com' --credentials no --expose '' --json -H 'Origin: https://b.example.com'
--- exit 0
--- stdout
{"kind":"actual","allowed":true,"reason":"none","reason_detail":null,"why":null,"action":"continue","status":null,"headers":[["Access-Control-Allow-Origin","https://b.example.com"],["Vary","Origin"]],"warnings":[]}

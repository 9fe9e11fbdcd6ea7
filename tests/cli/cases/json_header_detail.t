# A refused request header: reason_detail names it, why says which
# setting would allow it (Authorization only by name).
cors-check --no-env --origin https://app.example.com --headers '*' --json -X OPTIONS -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: GET' -H 'Access-Control-Request-Headers: x-ok, Authorization'
--- exit 1
--- stdout
{"kind":"preflight","allowed":false,"reason":"header_not_allowed","reason_detail":"Authorization","why":"request header 'Authorization' is not allowed: add it to the allowed request headers by name (a * never covers Authorization); setting: --headers","action":"respond","status":403,"headers":[["Vary","Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]],"warnings":["wildcard-without-authorization: --headers has '*' but not Authorization: the wildcard never covers Authorization (Fetch Standard), so requests sending it will fail their preflight; list it by name if clients send it"]}

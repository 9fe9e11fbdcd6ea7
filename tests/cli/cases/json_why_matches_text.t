# --json carries the offending item (reason_detail, JSON-escaped) and the
# same "why" sentence as the text output; request bytes outside printable
# ASCII are \xHH in the sentence.
cors-check --no-env --origin https://app.example.com -H $'Origin: https://caf\xc3\xa9.example.com'
cors-check --no-env --origin https://app.example.com -H $'Origin: https://caf\xc3\xa9.example.com' --json
--- exit 1
--- stdout
kind:    actual
verdict: denied
reason:  origin_invalid (https://caf\xc3\xa9.example.com)
why:     origin 'https://caf\xc3\xa9.example.com' is not a valid serialized origin (scheme://host[:port] in ASCII, no path, no trailing slash)
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Vary: Origin
{"kind":"actual","allowed":false,"reason":"origin_invalid","reason_detail":"https://caf\u00c3\u00a9.example.com","why":"origin 'https://caf\\xc3\\xa9.example.com' is not a valid serialized origin (scheme://host[:port] in ASCII, no path, no trailing slash)","action":"continue","status":null,"headers":[["Vary","Origin"]],"warnings":[]}

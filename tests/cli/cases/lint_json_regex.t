# requires: libpsl
# A dot that matches any character warns; missing anchors do not (the
# regex is always matched against the whole origin).
ALLOW_ORIGINS_REGEX='https://app.example.com' cors-check --lint --json
--- exit 0
--- stdout
{"valid":true,"warnings":["regex-unescaped-dot: ALLOW_ORIGINS_REGEX has an unescaped '.' at offset 11 (in 'https://app.example.com'), which matches any character: 'app.example.com' also admits 'appXexample.com'; write '\\.'"],"public_suffixes_checked":true}

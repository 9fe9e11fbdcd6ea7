ALLOW_ORIGINS_REGEX='https://app.example.com' cors-check --lint --json
--- exit 0
--- stdout
{"valid":true,"warnings":["regex-unanchored: ALLOW_ORIGINS_REGEX has no ^...$ anchors: it is matched against the whole origin anyway (full match), never a part","regex-unescaped-dot: ALLOW_ORIGINS_REGEX has an unescaped '.', which matches any character ('example.com' also matches 'exampleXcom'): write '\\.'"]}

# requires: no-libpsl
# The JSON report says whether public suffixes were checked.
ALLOW_ORIGINS_REGEX='^https://.*\.vercel\.app$' cors-check --lint --json
--- exit 0
--- stdout
{"valid":true,"warnings":[],"public_suffixes_checked":false}

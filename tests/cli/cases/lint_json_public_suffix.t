# requires: libpsl
# The JSON report of a dangerous regex.
ALLOW_ORIGINS_REGEX='^https://.*\.vercel\.app$' cors-check --lint --json
--- exit 0
--- stdout
{"valid":true,"warnings":["registrable-domain: ALLOW_ORIGINS_REGEX admits https://zzprobe.vercel.app: vercel.app is a public suffix, so anyone can deploy zzprobe.vercel.app; end the regex with a domain you own; with credentials on (CORS_ALLOW_CREDENTIALS) this is as dangerous as '*' with credentials"],"public_suffixes_checked":true}

# requires: libpsl
# With --strict the same pattern is a configuration
# error (exit 2).
FRONTEND_ORIGINS='https://*.vercel.app' cors-check --lint --strict
--- exit 2
--- stderr
cors-check: configuration error (origin pattern admits hosts anyone can register): FRONTEND_ORIGINS entry 1 'https://*.vercel.app': vercel.app is a public suffix: anyone can deploy zzprobe.vercel.app, so every site there is allowed; list your own origins instead; with credentials on (CORS_ALLOW_CREDENTIALS) this is as dangerous as '*' with credentials (strict lint)

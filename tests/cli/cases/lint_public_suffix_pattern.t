# requires: libpsl
# A subdomain pattern on a public suffix warns,
# naming the suffix; a warning, so the exit status is 0.
FRONTEND_ORIGINS='https://*.vercel.app' cors-check --lint
--- exit 0
--- stdout
warning: registrable-domain: FRONTEND_ORIGINS entry 1 'https://*.vercel.app': vercel.app is a public suffix: anyone can deploy zzprobe.vercel.app, so every site there is allowed; list your own origins instead; with credentials on (CORS_ALLOW_CREDENTIALS) this is as dangerous as '*' with credentials
policy is valid (1 warning)

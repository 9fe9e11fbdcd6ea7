# requires: libpsl
# CORS_STRICT_LINT=true in a .env file makes the public-suffix pattern a
# configuration error, as in the environment; without it, a warning.
printf '%s\n' 'FRONTEND_ORIGINS=https://*.vercel.app' 'CORS_ALLOW_CREDENTIALS=false' >.env
cors-check --env-file .env --lint
echo 'CORS_STRICT_LINT=true' >>.env
cors-check --env-file .env --lint
--- exit 2
--- stdout
warning: registrable-domain: FRONTEND_ORIGINS entry 1 'https://*.vercel.app': vercel.app is a public suffix: anyone can deploy zzprobe.vercel.app, so every site there is allowed; list your own origins instead
policy is valid (1 warning)
--- stderr
cors-check: configuration error (origin pattern admits hosts anyone can register): FRONTEND_ORIGINS entry 1 'https://*.vercel.app': vercel.app is a public suffix: anyone can deploy zzprobe.vercel.app, so every site there is allowed; list your own origins instead (strict lint)

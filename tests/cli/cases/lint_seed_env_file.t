# requires: libpsl
# The seed backend's documented .env, read by the library's own .env
# parser as a server with CORS_ENV_FILE reads it (the double-quoted regex
# keeps its '\.'): both origin variables, credentials on by default, no
# warning; strict lint accepts it too.
printf '%s\n' 'FRONTEND_ORIGINS=https://moviesnow.com,https://www.moviesnow.com' 'ALLOW_ORIGINS_REGEX="^https://.*\.moviesnow\.com$"' >.env
cors-check --env-file .env --lint
cors-check --env-file .env --lint --strict
--- exit 0
--- stdout
policy is valid (0 warnings)
policy is valid (0 warnings)

# requires: libpsl
# Strict lint accepts the seed's configuration too: nothing dangerous.
printf '%s\n' 'FRONTEND_ORIGINS=https://moviesnow.com,https://www.moviesnow.com' 'ALLOW_ORIGINS_REGEX="^https://.*\.moviesnow\.com$"' >.env
set -a && . ./.env && set +a
cors-check --lint --strict
--- exit 0
--- stdout
policy is valid (0 warnings)

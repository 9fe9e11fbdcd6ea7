# requires: libpsl
# The seed backend's .env (both origin variables,
# loaded as a shell does; credentials on by default) lints clean: the '.*'
# before '\.moviesnow\.com' is intended and admits only hosts under
# moviesnow.com.
printf '%s\n' 'FRONTEND_ORIGINS=https://moviesnow.com,https://www.moviesnow.com' 'ALLOW_ORIGINS_REGEX="^https://.*\.moviesnow\.com$"' >.env
set -a && . ./.env && set +a
cors-check --lint
--- exit 0
--- stdout
policy is valid (0 warnings)

# requires: no-libpsl
# Without libpsl the seed's configuration still has no warning, and lint
# says that public suffixes were not checked.
printf '%s\n' 'FRONTEND_ORIGINS=https://moviesnow.com,https://www.moviesnow.com' 'ALLOW_ORIGINS_REGEX="^https://.*\.moviesnow\.com$"' >.env
set -a && . ./.env && set +a
cors-check --lint
--- exit 0
--- stdout
note: public suffixes not checked (libcors was built without libpsl): patterns and regexes admitting hosts anyone can register are not reported
policy is valid (0 warnings)

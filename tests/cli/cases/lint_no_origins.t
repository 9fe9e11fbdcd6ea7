# requires: libpsl (without it, lint adds a note that public suffixes were not checked)
CORS_DEV_DEFAULTS=false cors-check --lint
--- exit 0
--- stdout
warning: no-origins: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set and CORS_DEV_DEFAULTS is false: no origin is allowed; set FRONTEND_ORIGINS to the origins of your front end
policy is valid (1 warning)

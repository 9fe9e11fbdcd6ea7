# requires: libpsl (without it, lint adds a note that public suffixes were not checked)
cors-check --lint
--- exit 0
--- stdout
warning: dev-defaults-used: FRONTEND_ORIGINS: neither FRONTEND_ORIGINS nor ALLOW_ORIGINS_REGEX is set: allowing the development origins http://localhost:3000, http://127.0.0.1:3000, http://localhost:5173, http://127.0.0.1:5173; set FRONTEND_ORIGINS in production, or CORS_DEV_DEFAULTS=false to refuse them
policy is valid (1 warning)

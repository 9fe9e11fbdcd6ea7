# An empty boolean is an error, never a silent default.
FRONTEND_ORIGINS='https://a.com' CORS_ALLOW_CREDENTIALS= cors-check --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid boolean): CORS_ALLOW_CREDENTIALS '': not a boolean; use true or false (also 1/0, yes/no)

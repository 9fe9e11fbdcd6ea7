FRONTEND_ORIGINS='https://a.com' CORS_ALLOW_CREDENTIALS=maybe cors-check --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid boolean): CORS_ALLOW_CREDENTIALS 'maybe': not a boolean; use true or false (also 1/0, yes/no)

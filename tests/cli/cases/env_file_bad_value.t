# A bad value in the file is an error naming the variable, as in the
# environment.
printf 'FRONTEND_ORIGINS=https://app.example.com\nCORS_ALLOW_CREDENTIALS=maybe\n' > app.env
cors-check --env-file app.env --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid boolean): CORS_ALLOW_CREDENTIALS 'maybe': not a boolean; use true or false (also 1/0, yes/no)

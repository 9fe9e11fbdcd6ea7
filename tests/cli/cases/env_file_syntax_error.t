# A malformed line: configuration error naming the file, the line and the
# variable, never the value.
printf 'CORS_MAX_AGE=60\n\nFRONTEND_ORIGINS="https://secret.example\n' > app.env
cors-check --env-file app.env -H 'Origin: https://app.example.com'
--- exit 2
--- stderr
cors-check: configuration error (malformed .env line): app.env: line 3 (FRONTEND_ORIGINS): unterminated double quote

# Values are never expanded: ${...} is refused rather than read literally.
printf 'FRONTEND_ORIGINS=https://${APP_HOST}\n' > app.env
cors-check --env-file app.env --lint
--- exit 2
--- stderr
cors-check: configuration error (malformed .env line): app.env: line 1 (FRONTEND_ORIGINS): the value holds '${': values are never expanded here (other .env readers would substitute a variable); write the value out

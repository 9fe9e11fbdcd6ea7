# A prefix that makes a variable name longer than 63 bytes is refused.
cors-check --env-prefix ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNO_ --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid argument): prefix: the prefix makes variable CORS_ALLOW_CREDENTIALS 64 bytes long (ABCDEFGHIJKLMNOPQRSTUVWX...); names are limited to 63 bytes

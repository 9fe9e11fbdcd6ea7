CORS_MAX_AGE=-5 cors-check --json -H 'Origin: http://localhost:3000'
--- exit 2
--- stderr
cors-check: configuration error (invalid max age): CORS_MAX_AGE '-5': a negative max age is not allowed; use 0 or more seconds, e.g. 3600

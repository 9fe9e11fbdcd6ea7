CORS_MAX_AGE=abc cors-check -H 'Origin: http://localhost:3000'
--- exit 2
--- stderr
cors-check: configuration error (invalid max age): CORS_MAX_AGE 'abc': not a whole number of seconds; use digits only, e.g. 3600

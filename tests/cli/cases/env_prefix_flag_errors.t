# With a prefix, an error in a flag's value still names the flag.
cors-check --env-prefix PUBLIC_ --max-age abc -H 'Origin: https://a.example'
--- exit 2
--- stderr
cors-check: configuration error (invalid max age): --max-age 'abc': not a whole number of seconds; use digits only, e.g. 3600

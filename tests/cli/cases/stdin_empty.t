cors-check < /dev/null
--- exit 3
--- stderr
cors-check: malformed request: standard input: empty input: no request line

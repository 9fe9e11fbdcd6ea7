cors-check -H 'Origin http://localhost:3000'
--- exit 3
--- stderr
cors-check: malformed request: -H #1 'Origin http://localhost:3000': the header name before the colon is empty or not a token

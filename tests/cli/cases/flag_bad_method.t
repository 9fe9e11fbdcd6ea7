cors-check -X 'GE T' -H 'Origin: http://localhost:3000'
--- exit 3
--- stderr
cors-check: malformed request: -X: the method is empty or not a token

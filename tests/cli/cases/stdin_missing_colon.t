printf 'GET / HTTP/1.1\r\nOrigin: http://localhost:3000\r\nX-No-Colon\r\n\r\n' | cors-check --json
--- exit 3
--- stderr
cors-check: malformed request: standard input, line 3: header line without a colon; write 'Name: value': 'X-No-Colon'

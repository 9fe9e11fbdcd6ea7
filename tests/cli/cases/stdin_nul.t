printf 'GET / HTTP/1.1\r\nOrigin: http://local\000host:3000\r\n\r\n' | cors-check
--- exit 3
--- stderr
cors-check: malformed request: standard input, line 2: NUL byte in the request head: 'Origin: http://local'

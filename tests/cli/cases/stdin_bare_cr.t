printf 'GET / HTTP/1.1\r\nOrigin: http://localhost:3000\rX-Injected: 1\r\n\r\n' | cors-check
--- exit 3
--- stderr
cors-check: malformed request: standard input, line 2: bare CR (a CR not followed by LF) in the request head: 'Origin: http://localhost:3000'

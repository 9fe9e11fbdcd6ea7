printf 'GET / HTTP/1.1\r\nOrigin: http://localhost:3000\r\n  folded\r\n\r\n' | cors-check
--- exit 3
--- stderr
cors-check: malformed request: standard input, line 3: line starts with whitespace (obsolete line folding is not accepted; put each header on one line): '  folded'

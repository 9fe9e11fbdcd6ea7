# A malformed request line of curl -v output is named by its line number
# in the pasted text, not in the extracted head.
cors-check <<'CURL'
* Connected to 127.0.0.1 (127.0.0.1) port 8000 (#0)
> GET / HTTP/1.1
> Host: 127.0.0.1:8000
> Origin http://localhost:3000
> 
CURL
--- exit 3
--- stderr
cors-check: malformed request: standard input (curl -v output), line 4: header name is not a token (no spaces before the colon): 'Origin http://localhost:3000'

# A 70,000-byte header line: larger than the 64 KiB head limit.
{ printf 'GET / HTTP/1.1\r\nX-Big: '; head -c 70000 /dev/zero | tr '\0' a; printf '\r\n\r\n'; } | cors-check
--- exit 3
--- stderr
cors-check: malformed request: standard input, line 2: request head larger than 65536 bytes (no empty line before the limit)

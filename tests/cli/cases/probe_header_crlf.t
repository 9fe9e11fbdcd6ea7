# CR or LF in a header: refused, never sent
cors-check probe https://api.example.com/ --origin https://app.example.com -H $'X-A: 1\r\nX-Injected: 2'
--- exit 4
--- stderr
cors-check probe: -H 'X-A: 1\x0d\x0aX-Injected: 2': CR or LF in the header
Try 'cors-check probe --help'.

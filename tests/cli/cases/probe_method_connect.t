# fetch() refuses CONNECT, TRACE and TRACK
cors-check probe https://api.example.com/ --origin https://app.example.com -X connect
--- exit 4
--- stderr
cors-check probe: -X 'connect': fetch() refuses CONNECT, TRACE and TRACK
Try 'cors-check probe --help'.

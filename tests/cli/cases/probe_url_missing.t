# no URL
cors-check probe --origin https://app.example.com
--- exit 4
--- stderr
cors-check probe: URL: missing: cors-check probe URL --origin ORIGIN
Try 'cors-check probe --help'.

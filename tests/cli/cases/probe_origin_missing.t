# no --origin
cors-check probe https://api.example.com/
--- exit 4
--- stderr
cors-check probe: --origin: missing: the origin of the page that calls fetch()
Try 'cors-check probe --help'.

cors-check --lint -X GET
--- exit 4
--- stderr
cors-check: --lint and --dump take no request (-X, -H)
Try 'cors-check --help'.

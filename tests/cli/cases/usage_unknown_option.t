cors-check --frobnicate
--- exit 4
--- stderr
cors-check: unknown option: --frobnicate
Try 'cors-check --help'.

cors-check --env-file a.env --env-file b.env --lint
--- exit 4
--- stderr
cors-check: given twice: --env-file
Try 'cors-check --help'.

cors-check --regex a --regex b --lint
--- exit 4
--- stderr
cors-check: given twice: --regex
Try 'cors-check --help'.

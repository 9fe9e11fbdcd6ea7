cors-check -X
--- exit 4
--- stderr
cors-check: option needs a value: -X
Try 'cors-check --help'.

cors-check --env-file missing.env --lint
--- exit 2
--- stderr
cors-check: configuration error: cannot read missing.env: No such file or directory

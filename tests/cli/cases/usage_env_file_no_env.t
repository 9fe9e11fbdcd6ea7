cors-check --env-file a.env --no-env --lint
--- exit 4
--- stderr
cors-check: --env-file already ignores the environment; drop --no-env
Try 'cors-check --help'.

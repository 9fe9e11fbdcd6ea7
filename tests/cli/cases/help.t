cors-check --help | head -n 1
--- exit 0
--- stdout
usage: cors-check [policy flags] [-X METHOD] [-H 'Name: value']...

# probe --help, first lines
cors-check probe --help | head -n 3
--- exit 0
--- stdout
usage: cors-check probe URL --origin ORIGIN [-X METHOD] [-H 'Name: value']...
                        [--credentials] [--cookie 'name=value'] [--private-network]
                        [--no-follow] [--json] [--timeout SECONDS] [--insecure]

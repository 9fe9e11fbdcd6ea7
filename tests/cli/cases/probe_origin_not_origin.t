# not scheme://host at all
cors-check probe https://api.example.com/ --origin app.example.com
--- exit 4
--- stderr
cors-check probe: --origin 'app.example.com': is not scheme://host[:port] (or null)
Try 'cors-check probe --help'.

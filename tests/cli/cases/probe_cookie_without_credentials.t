# cookies go cross-origin only with credentials: include
cors-check probe https://api.example.com/ --origin https://app.example.com --cookie sid=1
--- exit 4
--- stderr
cors-check probe: --cookie: a browser sends cookies cross-origin only with --credentials
Try 'cors-check probe --help'.

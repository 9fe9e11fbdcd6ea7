# --timeout takes seconds above 0
cors-check probe https://api.example.com/ --origin https://app.example.com --timeout 0
--- exit 4
--- stderr
cors-check probe: --timeout '0': expects seconds, above 0 and at most 3600
Try 'cors-check probe --help'.

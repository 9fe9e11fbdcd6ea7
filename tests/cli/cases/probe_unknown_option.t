# an unknown option
cors-check probe https://api.example.com/ --origin https://app.example.com --follow
--- exit 4
--- stderr
cors-check probe: --follow: unknown option
Try 'cors-check probe --help'.

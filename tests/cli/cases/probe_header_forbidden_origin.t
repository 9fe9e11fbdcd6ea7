# the Origin is --origin
cors-check probe https://api.example.com/ --origin https://app.example.com -H 'Origin: https://evil.example'
--- exit 4
--- stderr
cors-check probe: -H 'Origin: https://evil.example': a forbidden request header: a page cannot set it (the page's origin goes in --origin)
Try 'cors-check probe --help'.

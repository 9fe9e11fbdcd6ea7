# a forbidden header a page cannot set: cookies go in --cookie
cors-check probe https://api.example.com/ --origin https://app.example.com -H 'Cookie: sid=1'
--- exit 4
--- stderr
cors-check probe: -H 'Cookie: sid=1': a forbidden request header: a page cannot set it (cookies go in --cookie)
Try 'cors-check probe --help'.

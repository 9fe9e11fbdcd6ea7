# Sec- headers belong to the browser
cors-check probe https://api.example.com/ --origin https://app.example.com -H 'Sec-Fetch-Site: same-origin'
--- exit 4
--- stderr
cors-check probe: -H 'Sec-Fetch-Site: same-origin': a forbidden request header: a page cannot set it, and a browser drops it
Try 'cors-check probe --help'.

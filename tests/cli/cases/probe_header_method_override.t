# X-HTTP-Method-Override naming a forbidden method
cors-check probe https://api.example.com/ --origin https://app.example.com -H 'X-HTTP-Method-Override: TRACE'
--- exit 4
--- stderr
cors-check probe: -H 'X-HTTP-Method-Override: TRACE': a forbidden request header: a page cannot set it, and a browser drops it
Try 'cors-check probe --help'.

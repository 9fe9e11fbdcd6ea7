# fetch() refuses a URL with credentials
cors-check probe https://user:pw@api.example.com/ --origin https://app.example.com
--- exit 4
--- stderr
cors-check probe: 'https://user:pw@api.example.com/': a URL with a user name or password: fetch() refuses it
Try 'cors-check probe --help'.

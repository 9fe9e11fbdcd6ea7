# a browser omits the default port
cors-check probe https://api.example.com/ --origin https://app.example.com:443
--- exit 4
--- stderr
cors-check probe: --origin 'https://app.example.com:443': names the default port, which browsers omit (remove it)
Try 'cors-check probe --help'.

# ORIGIN must be a serialized origin: no path
cors-check probe https://api.example.com/ --origin https://app.example.com/
--- exit 4
--- stderr
cors-check probe: --origin 'https://app.example.com/': ends in a slash: an origin has no path (remove it)
Try 'cors-check probe --help'.

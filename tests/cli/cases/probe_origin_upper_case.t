# a browser sends a lower-case origin
cors-check probe https://api.example.com/ --origin https://App.Example.com
--- exit 4
--- stderr
cors-check probe: --origin 'https://App.Example.com': is not lower case, as a browser sends it
Try 'cors-check probe --help'.

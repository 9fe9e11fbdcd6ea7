# a URL that does not parse
cors-check probe 'http://exa mple.com/' --origin https://app.example.com
--- exit 4
--- stderr
cors-check probe: 'http://exa mple.com/': not a URL: Bad hostname
Try 'cors-check probe --help'.

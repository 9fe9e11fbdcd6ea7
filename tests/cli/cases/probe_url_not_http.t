# a URL that is not http(s) is a usage error naming it
cors-check probe ftp://example.com/file --origin https://app.example.com
--- exit 4
--- stderr
cors-check probe: 'ftp://example.com/file': not an http or https URL
Try 'cors-check probe --help'.

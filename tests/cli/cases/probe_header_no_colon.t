# a header line without a colon
cors-check probe https://api.example.com/ --origin https://app.example.com -H 'X-Custom'
--- exit 4
--- stderr
cors-check probe: -H 'X-Custom': no colon; write -H 'Name: value'
Try 'cors-check probe --help'.

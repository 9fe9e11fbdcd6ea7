cors-check -H 'Origin'
--- exit 3
--- stderr
cors-check: malformed request: -H #1 'Origin': no colon; write -H 'Name: value'

cors-check --origin https://ok.example.com --origin 'https://bad.example.com/path' --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid origin): --origin entry 2 'https://bad.example.com/path': has a path; an origin is only scheme://host[:port]: use 'https://bad.example.com'

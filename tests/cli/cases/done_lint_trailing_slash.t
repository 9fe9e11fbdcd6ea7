# The README example: a trailing slash exits 2 naming the variable, the
# entry and the fix.
FRONTEND_ORIGINS='https://a.com/' cors-check --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid origin): FRONTEND_ORIGINS entry 1 'https://a.com/': has a trailing slash; an origin has no path: remove it ('https://a.com')

# requires: libpsl (without it, lint adds a note that public suffixes were not checked)
# The example of docs/cors-check.md, section Lint.
FRONTEND_ORIGINS='https://app.example.com, http://api.example.com, null' cors-check --lint
--- exit 0
--- stdout
warning: insecure-origin: FRONTEND_ORIGINS entry 2 'http://api.example.com': plain http origin with credentials; a network attacker can inject script into it and read credentialed responses: use https
warning: null-origin: FRONTEND_ORIGINS entry 3 'null': sandboxed iframes, file: pages and some redirects all send Origin: null; any site can produce it
policy is valid (2 warnings)

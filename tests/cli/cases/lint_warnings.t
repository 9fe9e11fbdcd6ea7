# requires: libpsl (without it, lint adds a note that public suffixes were not checked)
# Lint warnings name the variable and the entry they come from.
FRONTEND_ORIGINS='https://app.example.com, http://api.example.com, null, https://app.example.com' CORS_MAX_AGE=86400 CORS_EXPOSE_HEADERS='Content-Type, X-Total' cors-check --lint
--- exit 0
--- stdout
warning: insecure-origin: FRONTEND_ORIGINS entry 2 'http://api.example.com': plain http origin with credentials; a network attacker can inject script into it and read credentialed responses: use https
warning: null-origin: FRONTEND_ORIGINS entry 3 'null': sandboxed iframes, file: pages and some redirects all send Origin: null; any site can produce it
warning: duplicate: FRONTEND_ORIGINS entry 4 'https://app.example.com' is listed more than once
warning: safelisted-exposed: CORS_EXPOSE_HEADERS entry 1 'Content-Type' is a CORS-safelisted response header, always readable: listing it changes nothing
warning: max-age-capped: CORS_MAX_AGE 86400 is above what browsers honour (Chromium caps preflight caching at 7200 s, Firefox at 86400 s)
policy is valid (5 warnings)

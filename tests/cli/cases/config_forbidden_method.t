CORS_ALLOW_METHODS='GET, POST, TRACE' cors-check --lint
--- exit 2
--- stderr
cors-check: configuration error (forbidden method): CORS_ALLOW_METHODS entry 3 'TRACE': CONNECT, TRACE and TRACK are forbidden methods that browsers never send cross-origin: remove it

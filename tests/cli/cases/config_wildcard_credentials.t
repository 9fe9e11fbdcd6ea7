FRONTEND_ORIGINS='*' cors-check --lint
--- exit 2
--- stderr
cors-check: configuration error (wildcard origin with credentials): FRONTEND_ORIGINS entry 1 '*' cannot be combined with credentials (CORS_ALLOW_CREDENTIALS is on): browsers refuse 'Access-Control-Allow-Origin: *' on credentialed requests, and reflecting every origin would let any site read your users' data. List the allowed origins, or turn credentials off

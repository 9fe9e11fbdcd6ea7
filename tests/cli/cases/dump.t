FRONTEND_ORIGINS='https://b.example.com, https://a.example.com' CORS_MAX_AGE=600 cors-check --dump
--- exit 0
--- stdout
libcors-policy 1
any-origin: false
null-origin: false
origin: https://a.example.com
origin: https://b.example.com
credentials: true
allow-origin-wildcard: false
any-method: false
methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT
any-header: false
allowed-headers: authorization, cache-control, content-type, idempotency-key, if-match, if-none-match, pragma, x-client, x-csrf-token, x-reauth, x-request-id, x-requested-with, x-session-id
expose-headers: ETag, Location, Retry-After, X-Request-ID, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset
max-age: 600
private-network: false
preflight-status: 204
failure-status: 403
vary-actual: Origin
vary-preflight: Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network
policy-hash: 1840e39f09b26b56

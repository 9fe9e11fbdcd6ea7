# regex-too-broad needs no Public Suffix List: strict lint refuses it in
# every build.
ALLOW_ORIGINS_REGEX='^https://.*$' cors-check --lint --strict
--- exit 2
--- stderr
cors-check: configuration error (origin pattern admits hosts anyone can register): ALLOW_ORIGINS_REGEX admits origins under unrelated domains anyone can register (https://zzprobe.com and https://qqprobe.net both match); allow only your own domain, e.g. '^https://([a-z0-9-]+\.)*example\.com$'; with credentials on (CORS_ALLOW_CREDENTIALS) this is as dangerous as '*' with credentials (strict lint)

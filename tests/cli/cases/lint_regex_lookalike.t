# requires: libpsl
# A regex without a dot before the domain admits look-alikes anyone can
# register; credentials off: no comparison with '*'.
ALLOW_ORIGINS_REGEX='^https://.*example\.com$' CORS_ALLOW_CREDENTIALS=false cors-check --lint
--- exit 0
--- stdout
warning: registrable-domain: ALLOW_ORIGINS_REGEX admits https://zzprobeexample.com, a look-alike of example.com: anyone can register zzprobeexample.com under the public suffix com; match a '\.' before your domain
policy is valid (1 warning)

# requires: no-libpsl
# Without libpsl the pattern cannot be judged: lint says public suffixes
# were not checked instead of staying silent, and strict lint has nothing
# to refuse.
FRONTEND_ORIGINS='https://*.vercel.app' cors-check --lint --strict
--- exit 0
--- stdout
note: public suffixes not checked (libcors was built without libpsl): patterns and regexes admitting hosts anyone can register are not reported
policy is valid (0 warnings)

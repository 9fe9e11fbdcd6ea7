# requires: libpsl
# FastAPI's documented example: no anchors, '.*' before an escaped domain:
# nothing to warn about.
ALLOW_ORIGINS_REGEX='https://.*\.example\.org' cors-check --lint
--- exit 0
--- stdout
policy is valid (0 warnings)

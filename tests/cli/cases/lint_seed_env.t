# requires: libpsl
# Issue 15, done when: the seed backend's configuration (both origin
# variables, credentials on by default) lints clean: the '.*' before
# '\.moviesnow\.com' is intended and admits only hosts under moviesnow.com.
FRONTEND_ORIGINS='https://moviesnow.com, https://www.moviesnow.com' ALLOW_ORIGINS_REGEX='^https://.*\.moviesnow\.com$' cors-check --lint
--- exit 0
--- stdout
policy is valid (0 warnings)

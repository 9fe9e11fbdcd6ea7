ALLOW_ORIGINS_REGEX='^https://(a|b\.example\.com$' cors-check --lint
--- exit 2
--- stderr
cors-check: configuration error (invalid origin regex): ALLOW_ORIGINS_REGEX '^https://(a|b\.example\.com$': missing closing parenthesis at offset 28

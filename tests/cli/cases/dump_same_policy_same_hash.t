# Order, case, default ports and duplicates do not change the dump.
a=$(FRONTEND_ORIGINS='https://b.example.com,https://a.example.com' CORS_ALLOW_METHODS='GET,POST' cors-check --dump)
b=$(FRONTEND_ORIGINS='https://A.example.com:443, https://b.example.com' CORS_ALLOW_METHODS='post, get' cors-check --dump 2>/dev/null)
c=$(FRONTEND_ORIGINS='https://a.example.com' CORS_ALLOW_METHODS='GET,POST' cors-check --dump)
[ "$a" = "$b" ] && echo same policy, same dump
[ "$a" != "$c" ] && echo other policy, other dump
--- exit 0
--- stdout
same policy, same dump
other policy, other dump

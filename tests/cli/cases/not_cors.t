FRONTEND_ORIGINS='https://app.example.com' cors-check -X GET
--- exit 0
--- stdout
kind:    none
verdict: allowed
reason:  not_cors
why:     no Origin header: not a CORS request; the application answers as usual
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Vary: Origin

FRONTEND_ORIGINS='https://app.example.com' cors-check -X GET
--- exit 0
--- stdout
kind:    none
verdict: allowed
reason:  not_cors
why:     allowed: not a CORS request (no Origin header); the application answers as usual
action:  continue (run the application, then add these headers to its response)
status:  - (whatever the application answers)
headers:
  Vary: Origin

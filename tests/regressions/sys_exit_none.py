# An uncaught SystemExit() without a code ends the run with status 0 and no traceback.
print("before")
raise SystemExit

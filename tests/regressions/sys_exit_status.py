# SystemExit: caught like any exception (code, args), then an uncaught sys.exit(3) ends the run
# with status 3 and prints nothing more; finally blocks run on the way out.
import sys

try:
    sys.exit()
except SystemExit as e:
    print("caught", repr(e), e.code, e.args)
try:
    raise SystemExit("a", "b")
except SystemExit as e:
    print("code", e.code)
try:
    sys.exit(3)
finally:
    print("finally")
print("not reached")

# except* leaving parts unhandled and raising in a handler: the uncaught result prints as a
# group whose members keep their own tracebacks and contexts.
def work():
    raise ExceptionGroup("jobs", [ValueError("v1"), KeyError("k"), ValueError("v2")])


try:
    work()
except* ValueError as eg:
    print("values:", eg.exceptions)
    raise RuntimeError("handler failed")
except* TypeError:
    print("never")

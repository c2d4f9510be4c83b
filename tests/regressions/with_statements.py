# with statements: missing __enter__/__exit__ errors, suppression by a true __exit__ result, several
# managers, an exception in __exit__ chained to the body's, return/continue/break through with,
# and the traceback __exit__ receives.
class OnlyEnter:
    def __enter__(self): return self
class OnlyExit:
    def __exit__(self, *a): pass
for obj in [1, OnlyEnter(), OnlyExit()]:
    try:
        with obj:
            pass
    except TypeError as e:
        print(e)
class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name
    def __exit__(self, kind, value, tb):
        print("exit", self.name, kind, repr(value), tb is None)
        return self.suppress
with CM("a") as a, CM("b", True) as b:
    print("body", a, b)
    raise ValueError("inside")
print("after suppressed")
try:
    with CM("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))
class Bad:
    def __enter__(self): return 1
    def __exit__(self, *a):
        raise RuntimeError("in exit")
try:
    with Bad():
        1 / 0
except RuntimeError as e:
    print(repr(e), repr(e.__context__))
def f():
    with CM("ret"):
        return "returned"
print(f())
for i in range(3):
    with CM(i):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)
class Show:
    def __enter__(self):
        return self
    def __exit__(self, kind, value, tb):
        print("tb line", tb.tb_lineno, tb.tb_next is None, type(tb).__name__)
        print(value.__traceback__.tb_lineno, value.with_traceback(None).__traceback__)
        return True
with Show():
    [][1]
try:
    tb = ValueError().__traceback__
    print(tb)
    raise ValueError("x")
except ValueError as e:
    print(e.__traceback__.tb_lineno, e.__traceback__.tb_next)

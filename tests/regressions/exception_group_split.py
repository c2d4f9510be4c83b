# ExceptionGroup construction checks, split/subgroup/derive, and except* with naked and grouped exceptions.
def t(f):
    try:
        r = f()
        print("ok", type(r).__name__, repr(r))
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: ExceptionGroup("m"))
t(lambda: ExceptionGroup("m", [ValueError(1)], 3))
t(lambda: ExceptionGroup(1, [ValueError(1)]))
t(lambda: ExceptionGroup("m", 5))
t(lambda: ExceptionGroup("m", []))
t(lambda: ExceptionGroup("m", [1]))
t(lambda: ExceptionGroup("m", [ValueError(1), 2]))
t(lambda: ExceptionGroup("m", [KeyboardInterrupt()]))
t(lambda: BaseExceptionGroup("m", [ValueError(1)]))
t(lambda: BaseExceptionGroup("m", [KeyboardInterrupt()]))
t(lambda: ExceptionGroup("m", (ValueError(1),)))
t(lambda: ExceptionGroup("m", [ValueError(1)], x=1))
class MyEG(ExceptionGroup): pass
t(lambda: MyEG("m", [ValueError(1)]))
t(lambda: MyEG("m", [KeyboardInterrupt()]))
class MyBEG(BaseExceptionGroup): pass
t(lambda: MyBEG("m", [ValueError(1)]))
l = [ValueError(1)]
g = ExceptionGroup("m", l)
l.append(TypeError(2))
print(repr(g), str(g), g.args, g.exceptions)
print(g.split(KeyError), g.subgroup(KeyError))
m, r = g.split(ValueError)
print(m is g, r)
print(g.split((ValueError, KeyError)))
t(lambda: g.split(3))
g.add_note("hi")
m, r = ExceptionGroup("x", [ValueError(1), TypeError(2)]).split(ValueError)
print(repr(m), repr(r))
print(repr(BaseExceptionGroup("m", [KeyboardInterrupt()]).split(KeyboardInterrupt)))
try:
    try:
        raise ValueError(3)
    except* ValueError as e:
        print("caught", repr(e), repr(e.exceptions))
        raise
except ExceptionGroup as e:
    print("outer", repr(e))
try:
    try:
        raise ValueError(3)
    except* ValueError as e:
        raise TypeError(4)
except Exception as e:
    print("outer2", repr(e), repr(e.__context__))
try:
    try:
        raise ExceptionGroup("a", [ValueError(3), KeyError(4)])
    except* ValueError as e:
        raise TypeError(4)
except Exception as e:
    print("outer3", repr(e), repr(e.exceptions), repr(e.exceptions[0].__context__))
try:
    pass
except* ExceptionGroup:
    pass

# yield from: chains of delegation, send and throw passed through, close reaching the innermost
def leaf(name):
    print(name, "starts")
    try:
        received = yield f"{name}-first"
        print(name, "received", received)
        received = yield f"{name}-second"
        print(name, "received", received)
    except ValueError as e:
        print(name, "handles", repr(e))
        return f"{name} handled"
    finally:
        print(name, "finally")
    return f"{name} done"


def middle():
    result = yield from leaf("leaf")
    print("middle got", result)
    more = yield from [10, 20]
    print("list gives", more)
    return "middle done"


def top():
    result = yield from middle()
    print("top got", result)
    yield "top-last"


t = top()
print(next(t))
print(t.send("a"))
print(t.send("b"))
print(next(t))
print(next(t))
try:
    next(t)
except StopIteration as stop:
    print("top ended", stop.value)

t = top()
next(t)
print("thrown:", t.throw(ValueError("deep")))
print(list(t))

t = top()
next(t)
print(t.gi_yieldfrom.__name__, t.gi_yieldfrom.gi_yieldfrom.__name__)
t.close()
print("closed:", t.gi_suspended, t.gi_yieldfrom)


def outer_catches():
    try:
        yield from leaf("inner")
    except KeyError as e:
        print("outer caught", repr(e))
        yield "outer recovered"


o = outer_catches()
next(o)
print(o.throw(KeyError("k")))


def gen_range():
    r = yield from range(3)
    print("range gives", r)
    yield from (x * x for x in range(3))
    yield from "ab"


print(list(gen_range()))
g = gen_range()
next(g)
try:
    g.send("x")
except AttributeError as e:
    print("AttributeError:", e)


def delegate_return():
    value = yield from returner()
    return value * 2


def returner():
    return 21
    yield


d = delegate_return()
try:
    next(d)
except StopIteration as stop:
    print("doubled", stop.value)


def depth(n):
    if n == 0:
        yield "bottom"
        return 0
    below = yield from depth(n - 1)
    yield f"level {n}"
    return below + 1


gen = depth(3)
print(list(gen))

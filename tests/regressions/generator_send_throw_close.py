# send, throw and close on generators: errors, handlers, finally blocks, close's return value
def counter():
    total = 0
    while True:
        got = yield total
        if got is None:
            break
        total += got
    return total


c = counter()
try:
    c.send(1)
except TypeError as e:
    print("TypeError:", e)
print(c.send(None), c.send(5), c.send(7))
try:
    c.send(None)
except StopIteration as stop:
    print("returned", stop.value, stop.args)
try:
    c.send(3)
except StopIteration as stop:
    print("after the end:", stop.value, stop.args)


def guarded():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("caught", e)
        yield "recovered"
    finally:
        print("finally runs")


g = guarded()
print(next(g))
print(g.throw(ValueError("bad")))
try:
    next(g)
except StopIteration:
    print("ended after recovery")
g = guarded()
print(next(g))
g.close()
print("closed once, again:", g.close())


def returns_on_close():
    try:
        yield 1
    except GeneratorExit:
        return "cleaned up"


r = returns_on_close()
next(r)
print("close returned", r.close())


def stubborn():
    try:
        yield "still here"
    except GeneratorExit:
        print("ignoring GeneratorExit")
    yield "after"


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print("RuntimeError:", e)

fresh = counter()
print(fresh.close(), fresh.gi_suspended, fresh.gi_running)
try:
    next(fresh)
except StopIteration:
    print("a generator closed before it started never runs")

plain = counter()
next(plain)
plain.close()
print("closed outside any try:", plain.gi_suspended)

t = counter()
try:
    t.throw(KeyError("never started"))
except KeyError as e:
    print("KeyError from an unstarted generator:", e)
try:
    t.throw(KeyError("finished"))
except KeyError as e:
    print("KeyError from a finished one:", e)
try:
    counter().throw(3)
except TypeError as e:
    print("TypeError:", e)
u = guarded()
next(u)
print(u.throw(ValueError))
u.close()


def reentrant():
    yield me.gi_running
    yield next(me)


me = reentrant()
print(next(me))
try:
    next(me)
except ValueError as e:
    print("ValueError:", e)
print(me.gi_running, me.gi_suspended)


def fails():
    yield 1
    raise KeyError("inside")


f = fails()
next(f)
f.throw(IndexError("thrown in"))

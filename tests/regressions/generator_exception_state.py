# the exception a generator handles stays with it across yields; the caller's stays with the caller
import sys


def inside_handler():
    try:
        raise KeyError("gen's own")
    except KeyError:
        yield sys.exception()
        yield sys.exception()


g = inside_handler()
print(repr(next(g)), repr(sys.exception()))
try:
    raise ValueError("caller's")
except ValueError:
    print(repr(next(g)), repr(sys.exception()))


def rethrow():
    yield 1
    raise


try:
    raise KeyError("outer")
except KeyError:
    r = rethrow()
    next(r)
    try:
        next(r)
    except KeyError as e:
        print("re-raised the caller's:", repr(e))


def sees_caller():
    yield sys.exception()
    raise IndexError("from the generator")


s = sees_caller()
try:
    raise TypeError("outer")
except TypeError:
    print(repr(next(s)))
    next(s)

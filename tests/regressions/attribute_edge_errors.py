# edge cases of attribute built-ins and class attributes: messages as CPython's
class A: pass
def t(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
t(lambda: getattr(A, 'x', 1))
t(lambda: setattr(A, '__name__', 'B'))
t(lambda: delattr(A, 'nope'))
t(lambda: type('X', (1,), {}))
t(lambda: type('X', (), []))
t(lambda: property(1, 2, 3, 4, 5))
t(lambda: staticmethod())
t(lambda: A.mro(1))
t(lambda: setattr(1, 'x', 2))
t(lambda: hasattr(A, 1))
t(lambda: A.__annotations__)
t(lambda: A().__annotations__)
t(lambda: A.__dict__['__module__'])
t(lambda: setattr(A, '__name__', 3))
t(lambda: setattr(A, '__qualname__', 'Outer.B'))
print(A, A.__qualname__, A.__name__)
t(lambda: delattr(A, '__name__'))


class Outer:
    class Inner:
        pass


print(Outer.Inner, Outer.Inner.__qualname__, len(type("E", (), {}).__dict__) > 0)

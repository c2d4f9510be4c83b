# attributes on functions: __dict__, custom attributes, renaming, docstrings, defaults
def f(a, b=1, *, c=2):
    "Doc of f."
    return a + b + c


print(f.__name__, f.__qualname__, f.__doc__, f.__module__)
print(f.__dict__, f.__defaults__, f.__kwdefaults__)
f.calls = 0
f.calls += 1
f.tags = ["x"]
print(f.__dict__, f.calls)
f.__name__ = "renamed"
f.__qualname__ = "Outer.renamed"
f.__doc__ = "New doc."
print(f.__name__, f.__qualname__, f.__doc__, f)
f.__defaults__ = (10,)
f.__kwdefaults__ = {"c": 20}
print(f(1))
f.__defaults__ = None
try:
    f(1)
except TypeError as e:
    print("TypeError:", e)
for name, value in [("__name__", 3), ("__defaults__", [1]), ("__kwdefaults__", 1)]:
    try:
        setattr(f, name, value)
    except TypeError as e:
        print("TypeError:", e)
del f.tags
try:
    del f.tags
except AttributeError as e:
    print("AttributeError:", e)
try:
    f.nothing
except AttributeError as e:
    print("AttributeError:", e)
print(hasattr(f, "calls"), getattr(f, "calls"), vars(f))


def wraps_by_hand(func):
    def wrapper(*args):
        return func(*args)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    wrapper.__wrapped__ = func
    wrapper.__module__ = "elsewhere"
    return wrapper


@wraps_by_hand
def g(x):
    "Doc of g."
    return x + 1


print(g(1), g.__name__, g.__doc__, g.__wrapped__.__name__, g.__module__)
print(g.__code__.co_name, g.__code__.co_varnames, g.__code__.co_argcount)


def h(x: int, *, y: "label" = 0) -> None:
    pass


print(h.__annotations__, h.__annotations__ is h.__annotations__)
h.__annotations__ = {"x": str}
print(h.__annotations__)
print((lambda: 0).__annotations__, (lambda: 0).__name__)

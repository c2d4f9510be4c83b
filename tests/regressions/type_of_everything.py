def f():
    pass
print(type(None), type(f), type(print), type(range(3)), type(None).__name__, type(f).__name__)
print(isinstance(None, object), type(len) is type(print))

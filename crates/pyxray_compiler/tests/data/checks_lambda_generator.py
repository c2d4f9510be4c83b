def f(x):
    if x:
        y = 1
    print(y)
    del x
    return [a for a in x]
g = lambda a, *b: a + b
def gen():
    yield 1
    z = yield

# dir() and vars() inside a function list its variables that have a value (cells included)
def outer(a, b=2):
    c = a + b
    del b

    def inner(x):
        print(sorted(vars()), dir())
        return x + c

    print(dir())
    snapshot = vars()
    snapshot["c"] = 100
    print(sorted(snapshot), c)
    d = 4
    return inner(1), sorted(vars())


print(outer(1))


class K:
    m = 1
    print(dir())

def f(a, b=1, *, c=2):
    return a
f(1, 2, 3, c=4)

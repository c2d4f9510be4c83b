def f(a, b=2, *args, c, d=4, **kw):
    x = a + b
    y = x * c
    return y

def g(n):
    total = 0
    for i in range(n):
        total += i
    return total

def outer():
    v = 1
    def inner():
        return v
    return inner

print(f(1, c=3), g(4), outer()())

def f(*a, **k):
    return a, k
args = [1, 2]
kw = {"x": 3}
print(f(*args), f(*args, **kw), f(0, *args, y=1, **kw), print(*"ab", sep="-"))

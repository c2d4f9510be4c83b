def add(a, b=2, *args, c, d=4, **kw):
    return a + b + c + d + len(args) + len(kw)

print(add(1, c=3), add(1, 2, 3, 4, c=5, d=6, e=7), add(a=1, c=0))

def outer(n):
    def inner(k):
        return n + k
    return inner

print(outer(5)(6))

def counter():
    count = 0
    def bump():
        nonlocal count
        count += 1
        return count
    return bump

b = counter()
print(b(), b(), b())

def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

print(fact(30))
total = 0
def use_global():
    global total
    total += 10
use_global()
use_global()
print(total)
print([x * x for x in range(5)], {k: v for k, v in [(1, 'a'), (2, 'b')]})
squares = {}
for i in range(4):
    squares[i] = i * i
print(squares, squares[3], len(squares))
d = {'a': 1, 'b': 2}
d['a'] = 10
del d['b']
print(d, 'a' in d, 'b' in d)
def kw_only(*, x, y=1):
    return x - y
print(kw_only(x=5), kw_only(y=2, x=1))
def pos_only(a, /, b):
    return a * b
print(pos_only(3, b=4))

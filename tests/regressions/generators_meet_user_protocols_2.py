def gen(n):
    for i in range(n):
        yield i
class Count:
    def __init__(self, n):
        self.n = n
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
class P:
    def __init__(self, x):
        self.x = x
    def __eq__(self, other):
        print('eq', self.x)
        return isinstance(other, P) and self.x == other.x
    def __repr__(self):
        return f"P{self.x}"
def ps():
    for i in range(4):
        yield P(i)
print(list(ps()))
print([*map(lambda x: x + 1, gen(3))])
def f(*a):
    return a
print(f(*Count(3)), f(*map(str, gen(2))))
def g5():
    try:
        yield from Count(3)
    finally:
        print('fin')
g = g5()
print(next(g))
try:
    g.throw(KeyError('k'))
except KeyError as e:
    print('ke', e)
class Wrap:
    def __init__(self, it):
        self.it = it
    def __iter__(self):
        return self
    def __next__(self):
        return next(self.it) * 3
print(list(Wrap(gen(3))))
for x in Wrap(gen(2)):
    print(x)
def raiser():
    yield 1
    raise RuntimeError('boom')
class W2:
    def __init__(self):
        self.g = raiser()
    def __iter__(self):
        return self
    def __next__(self):
        return next(self.g)
try:
    for x in W2():
        print('w2', x)
except RuntimeError as e:
    print('rt', e)
print(list(filter(None, Wrap(gen(3)))))
print(tuple(enumerate(Count(2))), len([x for x in Wrap(gen(4))]))
a, *b = map(lambda v: v, gen(4))
print(a, b)

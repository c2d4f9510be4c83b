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

class Bag:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        for x in self.items:
            yield x
    def __repr__(self):
        return f"Bag({self.items!r})"

def double(x):
    return 2 * x

print(list(map(double, gen(4))))
print(list(filter(lambda x: x % 2, gen(6))))
for i, x in enumerate(map(double, gen(3))):
    print(i, x)
print(list(zip(gen(3), Count(5))))
print(list(zip(Count(2), gen(5))))
print(sorted(gen(5), key=lambda x: -x))
print(sum(Bag([1, 2, 3])), list(Bag("ab")))
a, b = Bag([7, 8])
print(a, b)
print(3 in Bag([1, 3]), 9 in Bag([1]))
m = map(double, gen(3))
print(next(m), next(m), next(m), next(m, 'done'))
print(any(double(x) > 4 for x in Count(5)))
print(all(map(double, gen(3))))
for x in Bag(gen(3)):
    print('bag', x)
print([Bag([1]), Bag(x for x in [])][0])
def g2():
    yield from Count(3)
    yield from map(double, gen(2))
print(list(g2()))
print(dict(zip(Count(3), gen(3))))
print(*map(double, gen(3)))
print(max(map(double, Count(4))), min(gen(4), key=lambda x: (x - 2) ** 2))
s = "-".join(map(str, gen(4)))
print(s)
def bad():
    yield 1
    raise ValueError("x")
try:
    list(map(double, bad()))
except ValueError as e:
    print('caught', e)
it = iter(Count(2))
print(next(it), next(it), next(it, 'end'))
class Seq:
    def __getitem__(self, i):
        if i > 2:
            raise IndexError
        return i * 10
def g3():
    r = yield from Seq()
    yield r
    yield from Bag([5, 6])
print(list(g3()))
class NoSend:
    def __iter__(self):
        return Count(1)
def g4():
    yield from NoSend()
g = g4()
print(next(g))
try:
    g.send(5)
except AttributeError as e:
    print(e)

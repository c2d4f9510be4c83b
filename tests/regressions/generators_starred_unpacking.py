def gen(n):
    for i in range(n):
        yield i
a, *b = gen(4)
print(a, b)
print(sorted(map(lambda v: -v, gen(3))))
print(tuple(x for x in gen(3)), set(gen(3)) if False else 0)
print(" ".join(str(x) for x in gen(3)))
print(list(reversed(list(gen(3)))))
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
*c, d = Count(3)
print(c, d)
e, *f = map(lambda v: v * 2, gen(3))
print(e, f)
try:
    x, y, *z = gen(1)
except ValueError as err:
    print(err)

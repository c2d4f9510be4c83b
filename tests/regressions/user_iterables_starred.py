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
def f(*a):
    return a
print(f(*map(str, [1,2])))
print([*Count(2)])
print(f(*Count(3)))
class Bag:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        for x in self.items:
            yield x
class Seq:
    def __getitem__(self, i):
        if i > 2:
            raise IndexError
        return i * 10
print([*Bag([1, 2]), *Seq()], f(*Bag('ab')), f(1, *Seq()))
class Bad:
    def __iter__(self):
        return 5
try:
    f(*Bad())
except TypeError as e:
    print(e)

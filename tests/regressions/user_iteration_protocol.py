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

for x in Count(3):
    print("item", x)
print(list(Count(4)), tuple(Count(2)), sum(Count(5)), sorted(Count(3), reverse=True))
print(max(Count(4)), min(Count(4)), "-".join(map(str, Count(3))))

class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return i * 10
print(list(Seq()), 20 in Seq(), 25 in Seq(), 25 not in Seq())
for v in Seq():
    print("seq", v)

class Wrap:
    def __init__(self, items):
        self.items = items
    def __iter__(self):
        return iter(self.items)
print(list(Wrap([1, 2])), 2 in Wrap([1, 2]))
it = iter(Count(2))
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("stopped")
m = map(lambda v: v * 2, Count(3) if False else [1, 2, 3])
print(next(m), list(m))
print(list(filter(lambda v: v % 2, range(7))), list(filter(None, [0, 1, 2, 0])))
print(list(enumerate(map(lambda s: s + "!", ["a", "b"]), 1)))
print(list(zip("ab", map(lambda v: -v, [1, 2]))))
def loud(v):
    print("called", v)
    return v > 1
f = filter(loud, [1, 2, 3])
print("made")
for v in f:
    print("got", v)

class BadIter:
    def __iter__(self):
        return 5
try:
    for _ in BadIter():
        pass
except TypeError as e:
    print(e)
class NotIt:
    pass
try:
    iter(NotIt())
except TypeError as e:
    print(e)
try:
    next(NotIt())
except TypeError as e:
    print(e)
try:
    3 in NotIt()
except TypeError as e:
    print(e)

# built-ins that read generators lazily: next, any/all stopping early, zip, enumerate, iter
def noisy(label, items):
    for item in items:
        print(label, "gives", item)
        yield item
    print(label, "is exhausted")


print(next(x * 2 for x in noisy("a", [1, 2, 3])))
print(next((x for x in noisy("b", [])), "empty"))
print(any(x > 1 for x in noisy("c", [1, 2, 3])))
print(all(x < 2 for x in noisy("d", [1, 2, 3])))
print(any(noisy("e", [0, 0])), all(noisy("f", [])))
for pair in zip(noisy("g", "xy"), noisy("h", [1, 2, 3])):
    print("pair", pair)
for index, value in enumerate(noisy("i", ["p", "q"]), start=5):
    print("enumerated", index, value)
print(list(enumerate(noisy("j", "ab"))))
print(dict(zip(noisy("k", "ab"), noisy("l", [1, 2]))))
gen = noisy("m", [1, 2])
print(iter(gen) is gen, gen.__iter__() is gen)
print(gen.__next__(), next(gen, "default"), next(gen, "default"))
print(sorted(noisy("n", [3, 1, 2]), reverse=True))
print(max(noisy("o", [3, 1, 2])), sum(x for x in range(5)))
print("-".join(noisy("p", "ab")))
total = []
total.extend(noisy("q", [7, 8]))
print(total, tuple(noisy("r", [])))
squares = (n * n for n in range(4))
print(next(squares), list(squares), list(squares))
print(type(squares).__name__, squares.__name__, squares.__qualname__)


def named():
    yield


print(named().__name__, named().gi_code.co_name)
e = enumerate(x for x in "ab")
print(next(e), next(e), next(e, "done"))
z = zip((x for x in [1, 2]), [3])
print(list(z), list(z))

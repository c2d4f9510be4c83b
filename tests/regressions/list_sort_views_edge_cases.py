a = [5, 3, 5, 1]
print(a.index(5, 1), a.index(5, -2), a.index(3, -100, 100), a.count(5), [1, 1.0, True].count(1))
a.insert(2, a)
print(len(a), a[2] is a)
a.remove(a)
a.sort(key=abs)
print(a, a.pop(1), a)
b = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
b.sort(key=len)
print(b)
c = [3, 1, 2]
c.sort(reverse=True, key=None)
print(c, sorted(c, key=None, reverse=False), sorted([1, 2, 3], reverse=1))
x = ["B", "a", "C"]
x.sort(key=str.lower) if False else x.sort()
print(x, sorted([0.0, -0.0, 0]), sorted([float("inf") if False else 1e400, 1, -1e400]))
d = {"k1": 1, "k2": 2, "k3": 3}
it = iter(d.items())
print(next(it), [*it], [*d.keys()], [*d.values()], {*()} if False else "")
ks = d.keys()
del d["k2"]
print(ks, len(ks), [*ks], d.values(), d.items())
print(repr({}.keys()), repr({1: [1, 2]}.items()), {"a": {"b": 1}}.values())

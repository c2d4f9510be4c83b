# Set iteration order (growth, removals, dummies, algebra results), hashes and set errors
s = set()
for n in [40, 7, -3, 1000, 8, 15, 23, 31, 64, 2**31, -2**40, 9]:
    s.add(n)
print(s)
for n in [7, 1000, 31]:
    s.discard(n)
s.add(39)
print(s, len(s))
words = set(["pear", "apple", "fig", "kiwi", "plum", "date", "lime", "yuzu", "sloe"])
print(words)
print(words - {"fig", "kiwi"}, words & {"plum", "date", "nope"})
a = set(range(0, 40, 3))
b = set(range(0, 40, 5))
print(a | b)
print(a & b, a - b, b - a)
print(a ^ b)
print(a.union(range(50, 60)), a.intersection([9, 12, 99]))
print(frozenset(a) | b, type(frozenset(a) - b).__name__)
t = set(range(20))
t -= set(range(5, 15))
print(t, t.pop(), t.pop(), t)
print({(1, 2), (3, 4), (5, 6)} == {(5, 6), (3, 4), (1, 2)}, {1.5, 2.5} & {2.5})
print({True, 1, 1.0}, {0, False, 0.0}, {None, 0})
print(hash(frozenset({1, 2, 3})), hash((1, (2, 3))), hash(-0.75), hash(2**40 + 3))
print({frozenset({1}): "a"}[frozenset([1])], frozenset({1}) in {frozenset({1})})
print({1, 2} < {1, 2, 3}, {1, 2, 3} > {1, 2}, {1} <= frozenset({1}), set() >= set())
print(sorted({"b", "c", "a"}), list({-1, -2, -3}), min({5, 3, 9}), sum({1, 2, 3}))
d = {"x": 1, "y": 2, "z": 3}
print(d.keys() & {"y", "z", "w"}, d.keys() - {"x"}, d.items() & {("x", 1), ("y", 9)})
print({"w"} | d.keys(), d.keys() ^ {"x", "q"})
for bad in ([1], {1: 2}, {3}):
    try:
        {bad}
    except TypeError as e:
        print("TypeError:", e)
try:
    {1}.remove(2)
except KeyError as e:
    print("KeyError:", e, repr(e))
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    print({1} - [1])
except TypeError as e:
    print("TypeError:", e)
it = {1, 2, 3}
try:
    for x in it:
        it.discard(x)
except RuntimeError as e:
    print("RuntimeError:", e)
print({1, 2} == {1, 2}, {1, 2} != {2, 1}, {"a": {1}} == {"a": {1}}, {"a": 1} == {"a": 2})

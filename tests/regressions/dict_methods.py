d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d.get("a", 0))
print(d.keys(), d.values(), d.items())
print(len(d.keys()), "a" in d.keys(), "z" in d.keys(), 2 in d.values(), ("a", 1) in d.items())
for k in d.keys():
    print(k)
for v in d.values():
    print(v)
for k, v in d.items():
    print(k, v)
keys = d.keys()
d["c"] = 3
print(keys, len(keys))
print(d.pop("a"), d.pop("zz", None), d)
print(d.setdefault("b", 9), d.setdefault("x"), d.setdefault("y", []), d)
d.update({"b": 20, "n": 5})
d.update([("p", 1), ["q", 2]])
d.update(r=7)
d.update("ab", s=8) if False else None
print(d)
print(d.popitem(), d)
e = d.copy()
d.clear()
print(d, e, e is d)
counts = {}
for word in "the cat the hat the".split() if False else ["the", "cat", "the"]:
    counts[word] = counts.get(word, 0) + 1
print(counts)
print({}.keys(), {}.items(), {1: {2: 3}}.values())
empty = {}
print(not empty.keys(), not {1: 2}.items(), [*reversed({"a": 1, "b": 2}.items())], [*reversed({"a": 1}.values())])
if not empty.values():
    print("no values")

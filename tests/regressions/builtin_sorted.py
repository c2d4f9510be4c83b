print(sorted([3.5, 1, 2, True]), sorted("hello"), sorted(["b", "a"], reverse=True))
print(sorted(["ccc", "a", "bb"], key=len), sorted(range(5), reverse=True))
d = {"b": 2, "a": 1, "c": 0}
print(sorted(d), sorted(d.values()), sorted(d.items()))
print(sorted((3, 1, 2)), sorted([]), sorted([2, 1], key=None))
original = [3, 1, 2]
result = sorted(original)
print(original, result, result is original)

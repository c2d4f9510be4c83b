d = {"a": 3, "b": 1, "c": 2}
print(max(d, key=d.get), min(d, key=d.get), sorted(d, key=d.get), sorted(d, key=d.get, reverse=True))
words = ["pear", "fig", "apple"]
print(sorted(words, key=len), max(words, key=len), [*map(d.get, "abz")], [*filter(d.get, "abz")])
lengths = [*map(len, words)]
print(lengths, sorted(zip(lengths, words)), [*map("-".join, [["a", "b"], ["c"]])])

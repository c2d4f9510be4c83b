a = [3, 1.5, 2, True, -4, 0.0, 0]
a.sort()
print(a)
a.sort(reverse=True)
print(a)
words = ["pear", "Apple", "fig", "banana", "kiwi"]
words.sort()
print(words)
words.sort(key=len)
print(words)
words.sort(key=len, reverse=True)
print(words)
pairs = [(2, "b"), (1, "z"), (2, "a"), (1, "a")]
pairs.sort()
print(pairs)
nested = [[3], [1, 2], [1], []]
nested.sort()
print(nested)
print(nested.sort())

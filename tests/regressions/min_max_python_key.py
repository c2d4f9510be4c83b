def score(word):
    print("  scoring", word)
    return len(word)


words = ["pear", "fig", "plum", "kiwi", "apple"]
print(min(words, key=score), max(words, key=score))
print(min("b", "aa", "c", key=lambda s: len(s)), max(3, -7, 5, key=lambda n: n * n))
print(min([], key=len, default="none"), max([(1, "x"), (1, "y")], key=lambda p: p[0]))
print(min([], key=lambda x: x))

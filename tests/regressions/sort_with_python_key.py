words = ["banana", "Apple", "cherry", "fig"]


def loud_len(word):
    print("key of", word)
    return len(word)


print(sorted(words, key=loud_len))
print(sorted(words, key=lambda w: w.lower(), reverse=True))
people = [("ann", 31), ("bob", 25), ("cy", 31)]
people.sort(key=lambda p: p[1])
print(people)
people.sort(key=lambda p: (-p[1], p[0]))
print(people)
print(sorted(x * x for x in range(-3, 3)), sorted([3, 1, 2], key=lambda n: -n))

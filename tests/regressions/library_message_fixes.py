print("a".startswith(("a", 1)), "ab".endswith(("b", None)), {}.pop([], "default"))
print("{a[0]} {b.real} {c.imag}".format(a=[1], b=2, c=3j), "{0.start}".format(range(4, 9)))

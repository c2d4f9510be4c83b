print(len(repr(10**4299)))
print(10**100000)

print("before")
d = {}
d[(1, (2, []))] = 3
print("not reached")

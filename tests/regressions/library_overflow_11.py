print("before")
print([1, 2].index(2, -10**30, 10**30), "abc".find("c", -10**30, 10**30), (1, 2).index(2, 10**30))
print("not reached")

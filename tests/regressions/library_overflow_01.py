print("before")
print([].insert(10**30, 1))
print("not reached")

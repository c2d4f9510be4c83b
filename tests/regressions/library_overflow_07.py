print("before")
print("a".split(None, 10**30))
print("not reached")

print("before")
print("a".zfill(10**30))
print("not reached")

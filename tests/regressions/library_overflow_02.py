print("before")
print([1].pop(10**30))
print("not reached")

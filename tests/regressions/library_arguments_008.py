print("before")
iter([], x=1)
print("not reached")

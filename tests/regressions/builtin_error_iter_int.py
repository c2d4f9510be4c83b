print("before")
iter(1)
print("not reached")

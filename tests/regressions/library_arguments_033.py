print("before")
min([1, 2], default=0, key=None)
print("not reached")

print("before")
next(iter([1]), x=1)
print("not reached")

print("before")
next(iter([]))
print("not reached")

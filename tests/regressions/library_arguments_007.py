print("before")
reversed([], x=1)
print("not reached")

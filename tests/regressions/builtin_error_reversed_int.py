print("before")
reversed(1)
print("not reached")

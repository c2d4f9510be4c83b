print("before")
enumerate([], 1, 2)
print("not reached")

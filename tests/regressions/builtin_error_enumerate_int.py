print("before")
enumerate(1)
print("not reached")

print("before")
divmod('a', 1)
print("not reached")

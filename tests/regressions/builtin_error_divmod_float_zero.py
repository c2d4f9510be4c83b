print("before")
divmod(1.0, 0)
print("not reached")

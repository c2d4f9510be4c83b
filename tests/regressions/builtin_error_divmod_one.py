print("before")
divmod(1)
print("not reached")

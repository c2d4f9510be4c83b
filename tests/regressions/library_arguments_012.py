print("before")
divmod(1, 2, x=1)
print("not reached")

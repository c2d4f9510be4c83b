print("before")
format(1, x=1)
print("not reached")

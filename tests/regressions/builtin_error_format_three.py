print("before")
format(1, 'x', 3)
print("not reached")

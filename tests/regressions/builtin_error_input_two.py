print("before")
input(1, 2)
print("not reached")

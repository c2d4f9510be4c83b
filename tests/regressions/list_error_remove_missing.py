print("before")
[1].remove(3)
print("not reached")

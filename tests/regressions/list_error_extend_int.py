print("before")
[1].extend(3)
print("not reached")

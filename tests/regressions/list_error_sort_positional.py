print("before")
[1].sort(1)
print("not reached")

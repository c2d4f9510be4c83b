print("before")
[1].insert(1)
print("not reached")

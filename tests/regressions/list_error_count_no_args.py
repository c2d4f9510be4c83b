print("before")
[1].count()
print("not reached")

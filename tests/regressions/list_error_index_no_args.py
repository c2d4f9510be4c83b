print("before")
[1].index()
print("not reached")

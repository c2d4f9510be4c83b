print("before")
[].pop(x=1)
print("not reached")

print("before")
[].append(x=1)
print("not reached")

print("before")
[1].sort(foo=1)
print("not reached")

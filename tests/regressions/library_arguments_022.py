print("before")
[].sort(reverse=1, key=2)
print("not reached")

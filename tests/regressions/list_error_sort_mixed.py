print("before")
[1, 'a'].sort()
print("not reached")

print("before")
[].index(1, 'a')
print("not reached")

print("before")
[1].pop('a')
print("not reached")

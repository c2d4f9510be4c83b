print("before")
[*map(1, [1])]
print("not reached")

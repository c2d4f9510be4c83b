print("before")
sorted([1, 'x'])
print("not reached")

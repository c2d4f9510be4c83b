print("before")
sorted([1], reverse=None)
print("not reached")

print("before")
sorted(1)
print("not reached")

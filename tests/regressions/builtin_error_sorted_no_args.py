print("before")
sorted()
print("not reached")

print("before")
zip(1)
print("not reached")

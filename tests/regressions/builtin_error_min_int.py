print("before")
min(1)
print("not reached")

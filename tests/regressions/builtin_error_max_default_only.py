print("before")
max(default=3)
print("not reached")
